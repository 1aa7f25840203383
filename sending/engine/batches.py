"""Claiming and sending one batch of deliveries; the work behind `sending.tasks.send_batch`.

A batch is a range of Delivery ids of one send. Claiming takes up to n `queued` rows of the range
with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has no row locks and runs the same code
without them) and marks them `sending` in one UPDATE, in one short transaction. After the
provider has answered, each outcome group is written with one UPDATE. So a batch costs a constant
handful of queries whatever its size, and a row is only ever sent from `queued`: re-running a
task never sends a `sent` row again. A worker that dies between claim and write-back leaves its
rows `sending`; recovery marks them `uncertain` after the lease (see `recovery.py`).
"""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

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
from .errors import FAILED, RETRY, TransientSendError
from .merge import describe_recipient, merge_fields
from .tally import keep_tally
from .transport import SENT, get_transport

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
        if claimed:
            Delivery.objects.filter(id__in=[r["id"] for r in claimed]).update(
                state=Delivery.State.SENDING,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
    return Claim(claimed, limit)


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


def _set_per_row(
    ids_values: dict[int, str], column: str, sets: str, params: list, only_states: list[str]
):
    """One UPDATE giving each row its own `column` value, plus the shared `sets`, for the rows
    still in `only_states`. Raw SQL because Django's Case/When costs milliseconds per row to
    build for a batch of hundreds; `WITH v AS (VALUES …)` works on PostgreSQL and SQLite."""
    table = Delivery._meta.db_table
    rows = ", ".join(["(%s, %s)"] * len(ids_values))
    states = ", ".join(["%s"] * len(only_states))
    # Only our own table and column names are interpolated; every value is a parameter.
    sql = (
        f"WITH v (id, val) AS (VALUES {rows}) "  # noqa: S608
        f"UPDATE {table} SET {column} = (SELECT v.val FROM v WHERE v.id = {table}.id), {sets} "
        f"WHERE id IN (SELECT v.id FROM v) AND state IN ({states})"
    )
    flat = [item for pair in ids_values.items() for item in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*flat, *params, *only_states])


def record_outcomes(rows: list[dict], outcomes) -> int:
    """Write the provider's answers back, one UPDATE per kind of outcome. Returns how many rows
    must be retried (they are queued again)."""
    now = timezone.now()
    groups: dict[str, dict[int, str]] = {SENT: {}, FAILED: {}, RETRY: {}}
    for row, outcome in zip(rows, outcomes, strict=True):
        groups[outcome.status][row["id"]] = (
            outcome.message_id[:255] if outcome.status == SENT else outcome.error[:500]
        )
    S = Delivery.State
    if groups[SENT]:
        # From `uncertain` too: recovery may have given up on a batch that did finish.
        _set_per_row(
            groups[SENT],
            "provider_message_id",
            "state = %s, sent_at = %s, last_error = ''",
            [S.SENT, now],
            [S.SENDING, S.UNCERTAIN],
        )
    if groups[FAILED]:
        _set_per_row(
            groups[FAILED], "last_error", "state = %s, failed_at = %s", [S.FAILED, now], [S.SENDING]
        )
    if not groups[RETRY]:
        return 0
    _set_per_row(
        groups[RETRY], "last_error", "state = %s, claimed_at = NULL", [S.QUEUED], [S.SENDING]
    )
    # Attempts never pass SEND_MAX_RETRIES, however many chains or recoveries reached the row:
    # at the last one the row fails with the reason (the coordinator can retry it).
    given_up = fail_exhausted(list(groups[RETRY]))
    return len(groups[RETRY]) - given_up


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
        content, send = compiled_for(send_id)
        recipients = recipients_for(send, rows, content.view_in_browser_url, content.fields)
        outcomes = get_transport().send(content, recipients)
        retry = record_outcomes(rows, outcomes)
        result.sent += sum(1 for o in outcomes if o.status == SENT)
        if retry:
            first_error = next(o.error for o in outcomes if o.status == RETRY)
            raise TransientSendError(f"{retry} message(s) to retry: {first_error}")
        if len(rows) < claimed.allowed or rows[-1]["id"] >= last_id:
            break  # the range is done (no need for one more, empty, claim)
    complete_if_done(send_id)
    return result


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
