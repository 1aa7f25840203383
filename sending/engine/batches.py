"""Claiming and sending one batch of deliveries; the work behind `sending.tasks.send_batch`.

A batch is a range of Delivery ids of one send. Claiming takes up to n `queued` rows of the range
with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has no row locks and runs the same code
without them) and marks them `sending` in one UPDATE, in one short transaction; the claim's
`claimed_at` is its token. The batch is then handed over to the mail server or provider in id
order, a group of at most `SEND_IN_FLIGHT` messages at a time, and each group's outcomes are
written (one UPDATE) before the next group is handed over (`write_back`). So of a claim's rows
still `sending`, only the first group can have left the worker. A row is only ever sent from
`sending` of its own claim, and re-running a task never sends a `sent` row again. A worker that
dies leaves its claim's remaining rows `sending`; after the lease recovery marks the first group of
them `uncertain` and queues the rest again, as nothing of them was handed over (`recovery.py`).
"""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, F, Value
from django.db.models.functions import Cast, Concat, Greatest, Substr
from django.utils import timezone
from django.utils.crypto import salted_hmac

from networks.models import Contact
from networks.tokens import preference_centre_url, unsubscribe_url

from ..models import Delivery, Send, SendState
from . import dailylimit, ratelimit
from .content import Attachment, CompiledContent, MessageContent, Recipient
from .errors import RETRY, TransientSendError
from .merge import describe_recipient, merge_fields
from .tally import keep_tally
from .transport import SENT, Outcome, get_transport

_CLAIM_FIELDS = (
    "id",
    "email",
    "contact_id",
    "contact__email",
    "contact__first_name",
    "contact__last_name",
    "contact__organisation__name",
    "contact__organisation_name",
)

# Compiled content of the sends this worker process is working on (frozen once a send starts).
_compiled: OrderedDict[int, tuple[CompiledContent, Send]] = OrderedDict()


def forget_compiled() -> None:
    """Empty this process's cache of compiled sends. A send id is never reused in production
    (a sequence only moves forward); a test suite that rolls rows back and replays the demo with
    fixed ids does reuse them, so its tests start from an empty cache."""
    _compiled.clear()


def compiled_for(send_id: int) -> tuple[CompiledContent, Send]:
    """(compiled content, the send's frozen facts: topic, kind, source) of a send, cached per
    process."""
    if send_id in _compiled:
        _compiled.move_to_end(send_id)
        return _compiled[send_id]
    send = Send.objects.only(
        "subject",
        "html",
        "text",
        "headers",
        "attachments",
        "topic",
        "kind",
        "source_page_id",
        "source_ref",
        "view_in_browser_url",
    ).get(pk=send_id)
    attachments = tuple(Attachment.from_json(a) for a in send.attachments or ())
    content = MessageContent(send.subject, send.html, send.text, send.headers or {}, attachments)
    _compiled[send_id] = (CompiledContent(content, send.view_in_browser_url), send)
    while len(_compiled) > 8:
        _compiled.popitem(last=False)
    return _compiled[send_id]


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def message_id_for(send_id: int, delivery_id: int) -> str:
    """Stable per delivery, so a deliberately resent uncertain copy carries the same
    Message-ID and mail clients that de-duplicate can do so. It ends in an HMAC of the ids under
    a key derived from SECRET_KEY: tracking webhooks find deliveries by this id, so it must not
    be guessable from the ids alone (`<ph.SEND.DELIVERY@domain>` was)."""
    token = salted_hmac(
        "newsletters.engine.message-id", f"{send_id}.{delivery_id}", algorithm="sha256"
    ).hexdigest()[:24]
    return f"<ph.{send_id}.{delivery_id}.{token}@{_domain()}>"


def merge_values(
    *,
    email: str,
    first_name: str,
    last_name: str,
    organisation: str,
    districts: str,
    contact: Contact | None,
    topic: str,
    view_in_browser_url: str,
) -> dict[str, str]:
    """The engine's own merge-field values of one recipient (plain text; escaping is the
    renderer's job)."""
    full_name = f"{first_name} {last_name}".strip()
    return {
        "first_name": first_name,
        "full_name": full_name,
        "organisation": organisation,
        "districts": districts,
        "recipient_details": describe_recipient(full_name, organisation, districts, email),
        "email": email,
        "preferences_url": preference_centre_url(contact) if contact else "",
        # A topic's own link only: never "everything" (a service message has no topic, no link).
        "unsubscribe_url": unsubscribe_url(contact, topic) if contact and topic else "",
        "view_in_browser_url": view_in_browser_url,
    }


@dataclass
class Claim:
    rows: list[dict]
    allowed: int  # how many the daily limit let this claim take (<= the limit asked for)
    wait: float = 0.0  # > 0: the daily limit is reached, a place frees in this many seconds
    claimed_at: object = None  # the claim's token: its rows are ours while they carry it


def in_flight() -> int:
    """How many messages a worker process hands over before it records their outcomes."""
    return max(1, settings.SEND_IN_FLIGHT)


def claim(send_id: int, first_id: int, last_id: int, limit: int) -> Claim:
    """Claim up to `limit` queued rows of the range while the send is `sending`, and no more than
    the daily limit has room for (`dailylimit.allowance`, counted under its lock).

    The send row is share-locked first: a pause or cancel (which lock it for update) waits for a
    claim in progress to commit, and a claim after them sees the new state. Without the lock a claim
    that read `sending` just before a pause committed would send its batch after the pause.
    A claim the daily limit holds back claims nothing, so no row's attempts increase.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM {Send._meta.db_table} WHERE id = %s AND state = %s FOR SHARE",  # noqa: S608
                    [send_id, SendState.SENDING],
                )
                if cursor.fetchone() is None:
                    return Claim([], limit)
        rows = Delivery.objects.filter(
            send_id=send_id,
            send__state=SendState.SENDING,
            state=Delivery.State.QUEUED,
            id__gte=first_id,
            id__lte=last_id,
        ).order_by("id")
        limit, wait = dailylimit.allowance(limit)
        if limit == 0:
            # Only a range with rows still to send waits (a finished one completes now).
            return Claim([], 0, wait if rows.exists() else 0.0)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        claimed = list(rows.values(*_CLAIM_FIELDS)[:limit])
        now = timezone.now()
        if claimed:
            Delivery.objects.filter(id__in=[r["id"] for r in claimed]).update(
                state=Delivery.State.SENDING,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
    return Claim(claimed, limit, claimed_at=now)


def contact_merge_values(contact: Contact, topic: str = "", view_in_browser_url: str = "") -> dict:
    """The engine's own merge values for one contact, as a real copy to them carries."""
    organisation = contact.organisation.name if contact.organisation_id else ""
    return merge_values(
        email=contact.email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        organisation=organisation or contact.organisation_name,
        districts=", ".join(
            contact.districts.order_by("sort_order", "name").values_list("name", flat=True)
        ),
        contact=contact,
        topic=topic,
        view_in_browser_url=view_in_browser_url,
    )


def app_values(send, fields, contact_ids: list[int]) -> dict[str, dict[int, str]]:
    """{field: {contact_id: value}} of the registered app fields `fields` that the message
    uses, one resolver call (a query or so) per field per batch. A recipient a resolver gives
    no value gets an empty one."""
    resolved = {}
    for name, field in merge_fields().items():
        if field.resolve is not None and name in fields:
            resolved[name] = field.resolve(send, contact_ids) if contact_ids else {}
    return resolved


# The merge fields that name the reader's districts (read per batch only when the message uses one).
_DISTRICT_FIELDS = frozenset({"districts", "recipient_details"})


def recipients_for(send: Send, rows: list[dict], view_url: str, fields) -> list[Recipient]:
    """The batch's recipients with every merge value the message (its `fields`) can use."""
    send_id, topic = send.pk, send.unsubscribe_topic
    contact_ids = [r["contact_id"] for r in rows if r["contact_id"]]
    extra = app_values(send, fields, contact_ids)
    districts: dict[int, list[str]] = defaultdict(list)
    if contact_ids and fields & _DISTRICT_FIELDS:
        through = Contact.districts.through
        for contact_id, name in (
            through.objects.filter(contact_id__in=contact_ids)
            .order_by("district__sort_order", "district__name")
            .values_list("contact_id", "district__name")
        ):
            districts[contact_id].append(name)
    recipients = []
    for row in rows:
        contact = None
        if row["contact_id"]:
            contact = Contact(pk=row["contact_id"], email=row["contact__email"])
        first, last = row["contact__first_name"] or "", row["contact__last_name"] or ""
        values = merge_values(
            email=row["email"],
            first_name=first,
            last_name=last,
            organisation=row["contact__organisation__name"]
            or row["contact__organisation_name"]
            or "",
            districts=", ".join(districts.get(row["contact_id"], ())),
            contact=contact,
            topic=topic,
            view_in_browser_url=view_url,
        )
        for name, by_contact in extra.items():
            values[name] = by_contact.get(row["contact_id"], "")
        recipients.append(
            Recipient(
                email=row["email"],
                name=values["full_name"],
                values=values,
                delivery_id=row["id"],
                message_id=message_id_for(send_id, row["id"]),
            )
        )
    return recipients


# What a row becomes in `write_back`, by what happened to it (our own constants, not input).
_S = Delivery.State
# Only our table name and state constants are interpolated; every value is a parameter.
_WRITE_BACK_SQL = f"""
WITH v (d_id, d_what, d_val) AS ({{rows}})
UPDATE {Delivery._meta.db_table} SET
  state = CASE v.d_what WHEN 'sent' THEN '{_S.SENT}' WHEN 'failed' THEN '{_S.FAILED}'
          ELSE '{_S.QUEUED}' END,
  provider_message_id = CASE v.d_what WHEN 'sent' THEN v.d_val ELSE provider_message_id END,
  last_error = CASE v.d_what WHEN 'sent' THEN '' ELSE v.d_val END,
  sent_at = CASE v.d_what WHEN 'sent' THEN %s ELSE sent_at END,
  failed_at = CASE v.d_what WHEN 'failed' THEN %s ELSE failed_at END,
  claimed_at = CASE WHEN v.d_what IN ('retry', 'back') THEN NULL ELSE claimed_at END,
  attempts = CASE v.d_what WHEN 'back' THEN attempts - 1 ELSE attempts END
FROM v
WHERE {Delivery._meta.db_table}.id = v.d_id AND (
  (v.d_what = 'sent' AND state IN ('{_S.SENDING}', '{_S.UNCERTAIN}'))
  OR (v.d_what IN ('failed', 'retry') AND state = '{_S.SENDING}')
  OR (v.d_what = 'back' AND state = '{_S.SENDING}' AND claimed_at = %s))
RETURNING {Delivery._meta.db_table}.id, state
"""  # noqa: S608


def write_back(done: list[dict], outcomes, back_ids: list[int], reason: str, claim: Claim) -> int:
    """One statement: the outcomes of the group just handed over (`sent` — from `uncertain`
    too, as recovery may have given up on a group that did go — `failed`, or queued again to
    retry), and `back_ids` (never handed over: the connection is gone) queued again without
    counting their attempt. Returns how many rows are to be retried (not given up). Raw SQL
    because Django cannot write a per-row value in one UPDATE without a Case/When per row
    (milliseconds per batch)."""
    values: list = []
    for row, outcome in zip(done, outcomes, strict=True):
        value = outcome.message_id[:255] if outcome.status == SENT else outcome.error[:500]
        values += [row["id"], outcome.status, value]
    for delivery_id in back_ids:
        values += [delivery_id, "back", reason[:500]]
    if not values:
        return 0
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    times = [now, now, adapt(claim.claimed_at)]
    if connection.vendor == "postgresql":
        # Three arrays, so the text never changes: a statement prepared once per connection
        # (planning it cost more than running it, once per ten messages).
        rows = "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[])"
        connection.ensure_connection()
        cursor = psycopg.Cursor(connection.connection)  # server-side binding, prepared
        with cursor:
            cursor.execute(
                _WRITE_BACK_SQL.format(rows=rows),
                [values[0::3], values[1::3], values[2::3], *times],
                prepare=True,
            )
            changed = dict(cursor.fetchall())
        if connection.queries_logged:  # counted like every other query (query-count tests)
            connection.queries_log.append({"sql": "write_back (prepared)", "time": "0.000"})
    else:
        rows = "VALUES " + ", ".join(["(%s, %s, %s)"] * (len(values) // 3))
        with connection.cursor() as cursor:
            cursor.execute(_WRITE_BACK_SQL.format(rows=rows), [*values, *times])
            changed = dict(cursor.fetchall())
    retried = [r["id"] for r, o in zip(done, outcomes, strict=True) if o.status == RETRY]
    retried += [i for i in back_ids if changed.get(i) == _S.QUEUED]
    if not retried:
        return 0
    # Attempts never pass SEND_MAX_RETRIES, however many chains or recoveries reached the row:
    # at the last one the row fails with the reason (the coordinator can retry it).
    return len(retried) - fail_exhausted(retried)


def still_ours(ids: list[int], claim: Claim) -> set[int]:
    """The rows of `ids` still `sending` under this claim. Recovery only takes back claims older
    than the lease, so a claim younger than half of it needs no look (the common case costs no
    query); a worker stalled longer finds out which rows are no longer its own."""
    lease = settings.SEND_CLAIM_LEASE_SECONDS
    if timezone.now() - claim.claimed_at < timedelta(seconds=lease / 2):
        return set(ids)
    return set(
        Delivery.objects.filter(
            id__in=ids, state=Delivery.State.SENDING, claimed_at=claim.claimed_at
        ).values_list("id", flat=True)
    )


def fail_exhausted(ids) -> int:
    """Fail the rows of `ids` still queued that have had SEND_MAX_RETRIES attempts."""
    return Delivery.objects.filter(
        id__in=ids, state=Delivery.State.QUEUED, attempts__gte=settings.SEND_MAX_RETRIES
    ).update(
        state=Delivery.State.FAILED,
        failed_at=timezone.now(),
        last_error=Substr(
            Concat(
                Value("gave up after "),
                Cast("attempts", CharField()),
                Value(" attempts, last error: "),
                F("last_error"),
            ),
            1,
            500,
        ),
    )


def note_waiting(send_id: int, seconds: float) -> None:
    """A batch of the send waits `seconds` (a retry's backoff, or the rate limit) before its
    next attempt: recovery counts that as progress, so it never starts a second chain for a
    batch that is only waiting (`recover_sends` looks for sends with no progress for a lease)."""
    until = timezone.now() + timedelta(seconds=seconds)
    Send.objects.filter(pk=send_id, state=SendState.SENDING).update(
        progress_at=Greatest(F("progress_at"), Value(until, output_field=DateTimeField()))
    )


def complete_if_done(send_id: int) -> bool:
    """Mark the send `sent` once no row is queued or sending, and keep its tally
    (`tally.keep_tally`); else note progress."""
    from .actions import log_send

    now = timezone.now()
    busy = Delivery.objects.filter(
        send_id=send_id, state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]
    ).exists()
    if busy:
        # Never earlier than a waiting batch's next attempt (`note_waiting`).
        Send.objects.filter(pk=send_id).update(
            progress_at=Greatest(F("progress_at"), Value(now, output_field=DateTimeField()))
        )
        return False
    with transaction.atomic():
        done = Send.objects.filter(pk=send_id, state=SendState.SENDING).update(
            state=SendState.SENT, finished_at=now, progress_at=now
        )
        if done:
            log_send(Send.objects.get(pk=send_id), "newsletters.send.finished")
            keep_tally(send_id)  # once per send, as it finishes: never in a batch
    return bool(done)


@dataclass
class RangeResult:
    sent: int = 0
    wait: float = 0.0  # > 0: the rate limit (or daily limit) is used up: try again after this


def send_range(send_id: int, first_id: int, last_id: int) -> RangeResult:
    """Send every queued row of the range (while the send is `sending`).

    Raises TransientSendError after writing back what was sent when some rows must be retried.
    """
    result = RangeResult()
    batch_size = max(1, settings.SEND_BATCH_SIZE)
    while True:
        granted, wait = ratelimit.acquire(settings.EMAIL_BACKEND, batch_size)
        if granted == 0:
            result.wait = max(wait, 0.01)
            return result
        claimed = claim(send_id, first_id, last_id, granted)
        if claimed.wait:
            # The daily limit is reached: the batch waits for a place (nothing was claimed).
            result.wait = claimed.wait
            return result
        rows = claimed.rows
        if not rows:
            break
        sent, retry, first_error = hand_over(send_id, claimed)
        result.sent += sent
        if retry:
            raise TransientSendError(f"{retry} message(s) to retry: {first_error}")
        if len(rows) < claimed.allowed or rows[-1]["id"] >= last_id:
            break  # the range is done (no need for one more, empty, claim)
    complete_if_done(send_id)
    return result


def hand_over(send_id: int, claim: Claim) -> tuple[int, int, str]:
    """Hand a claim's rows over a group at a time, in id order, writing each group's outcomes
    before the next group goes (`write_back`). Returns (sent, to retry, the first retry's
    reason)."""
    rows = claim.rows
    content, send = compiled_for(send_id)
    recipients = recipients_for(send, rows, content.view_in_browser_url, content.fields)
    size = in_flight()
    transport = get_transport()
    failure = transport.open()
    sent = retry = 0
    first_error = ""
    try:
        for start in range(0, len(rows), size):
            group = range(start, min(start + size, len(rows)))
            gone = failure or getattr(transport, "gone", "")
            if gone:
                # Nothing more can be handed over: the rest of the claim waits for the retry,
                # its attempt not counted — except the first group's when the server could not
                # be reached at all, so an outage still ends in failure after SEND_MAX_RETRIES.
                first = [rows[i] for i in group] if failure is not None and start == 0 else []
                back = [rows[i]["id"] for i in range(start + len(first), len(rows))]
                tried = [Outcome(RETRY, error=gone)] * len(first)
                retry += write_back(first, tried, back, gone, claim)
                first_error = first_error or gone
                break
            ours = still_ours([rows[i]["id"] for i in group], claim)
            group = [i for i in group if rows[i]["id"] in ours]
            outcomes = transport.send_open(content, [recipients[i] for i in group])
            retry += write_back([rows[i] for i in group], outcomes, [], "", claim)
            sent += sum(1 for o in outcomes if o.status == SENT)
            first_error = first_error or next((o.error for o in outcomes if o.status == RETRY), "")
    finally:
        if failure is None:
            transport.close()
    return sent, retry, first_error


def give_up_range(send_id: int, first_id: int, last_id: int, attempts: int) -> int:
    """After the last retry: fail the range's rows still queued after a transient error."""
    failed = Delivery.objects.filter(
        send_id=send_id,
        state=Delivery.State.QUEUED,
        id__gte=first_id,
        id__lte=last_id,
        attempts__gt=0,
    ).update(
        state=Delivery.State.FAILED,
        failed_at=timezone.now(),
        last_error=Substr(
            Concat(Value(f"gave up after {attempts} attempts, last error: "), F("last_error")),
            1,
            500,
        ),
    )
    complete_if_done(send_id)
    return failed
