"""The sending engine's actions. Each runs in one transaction, leaves a log entry with a dotted
code on the Send (Wagtail's log, shown in the admin history) and raises `SendStateError` for a
change its state does not allow. Celery tasks are enqueued on commit and carry ids."""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.log_actions import log

from core.queue import enqueue_many_now
from networks.models import Contact, Suppression

from ..models import Delivery, Send, SendKind, SendState
from .content import CompiledContent, MessageContent, Recipient
from .errors import SendStateError
from .merge import sample_values
from .tally import drop_tally
from .transport import get_transport

logger = logging.getLogger("partnerhub.engine")


def _frozen(content: MessageContent) -> dict:
    """The Send fields that freeze a rendered message (a retry or another worker sends these)."""
    return {
        "subject": content.subject,
        "html": content.html,
        "text": content.text,
        "headers": dict(content.headers),
        "attachments": content.attachments_json(),
    }


def log_send(send: Send, action: str, user=None, **data):
    return log(instance=send, action=action, user=user, data=data or None)


def _locked(send: Send) -> Send:
    return Send.objects.select_for_update().get(pk=send.pk)


def _require(send: Send, allowed: Iterable[str], doing: str):
    if send.state not in allowed:
        state = send.get_state_display().lower()
        raise SendStateError(f"A send that is {state} cannot be {doing}.")


def _enqueue_ranges(send_id: int, ranges: list[tuple[int, int]]):
    from ..tasks import send_batch

    # The rows are committed before this runs. If the broker is down they stay `queued` and
    # beat's `recover_sends` enqueues them once it is back: the caller's action has happened
    # and must not fail (or be repeated, which would send twice) because Redis was away.
    calls = [(send_id, first_id, last_id) for first_id, last_id in ranges]

    def enqueue():
        if calls and not enqueue_many_now(send_batch, calls):
            # Due for the next `recover_sends` (every minute), not only after a whole lease.
            stale = timezone.now() - timedelta(seconds=settings.SEND_CLAIM_LEASE_SECONDS + 1)
            Send.objects.filter(pk=send_id, state=SendState.SENDING).update(progress_at=stale)

    transaction.on_commit(enqueue)


def _ranges(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive chunks of SEND_BATCH_SIZE ids, as (first id, last id)."""
    size = max(1, settings.SEND_BATCH_SIZE)
    ranges, chunk = [], []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            ranges.append((chunk[0], chunk[-1]))
            chunk = []
    if chunk:
        ranges.append((chunk[0], chunk[-1]))
    return ranges


def _queued_ranges(send: Send) -> list[tuple[int, int]]:
    ids = (
        Delivery.objects.filter(send=send, state=Delivery.State.QUEUED)
        .order_by("id")
        .values_list("id", flat=True)
        .iterator(chunk_size=2000)
    )
    return _ranges(ids)


def create_send(
    *,
    content: MessageContent,
    topic: str,
    segments,
    exclude_segments=(),
    source_page=None,
    kind: str = SendKind.NEWSLETTER,
    scheduled_at=None,
    created_by=None,
    view_in_browser_url: str = "",
    districts=(),
    idempotency_key: str | None = None,
) -> Send:
    """A new send of `content` to `segments` minus `exclude_segments` (only contacts in one of
    `districts`, when given): `draft`, or `scheduled` when `scheduled_at` is given (beat starts
    it when due). The content is frozen now. A second send with the same `idempotency_key`
    raises IntegrityError (the database's unique constraint): use `send_once`."""
    with transaction.atomic():
        send = Send.objects.create(
            state=SendState.SCHEDULED if scheduled_at else SendState.DRAFT,
            kind=kind,
            topic=topic,
            **_frozen(content),
            view_in_browser_url=view_in_browser_url,
            source_page=source_page,
            scheduled_at=scheduled_at,
            created_by=created_by,
            idempotency_key=idempotency_key or None,
        )
        send.segments.set(segments)
        send.exclude_segments.set(exclude_segments)
        send.districts.set(districts)
        log_send(
            send,
            "newsletters.send.scheduled" if scheduled_at else "newsletters.send.created",
            user=created_by,
            scheduled_at=scheduled_at.isoformat() if scheduled_at else None,
        )
    return send


def send_once(idempotency_key: str | None, create: Callable[[], Send]) -> tuple[Send, bool]:
    """Run `create()` (which makes a Send carrying `idempotency_key`) at most once per key and
    return (send, created). A repeated or concurrent request with the same key gets the first
    Send and creates nothing: the unique column decides, so two requests racing cannot both
    win (the second insert waits for the first transaction and then fails). Without a key,
    `create()` simply runs."""
    if not idempotency_key:
        return create(), True
    existing = Send.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = Send.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        logger.info("send %s: repeated request with the same key answered", existing.pk)
        return existing, False


def _freeze_audience(send: Send, contacts=None) -> tuple[int, list[tuple[int, int]]]:
    """Write one queued Delivery per recipient and return (count, batch ranges). The recipients
    are `contacts` (a queryset) when given (a re-send's), else the send's resolved audience.

    One `INSERT … SELECT` from the resolved audience and one query for the ranges, whatever the
    audience's size: the rows never travel through Python. `ON CONFLICT DO NOTHING` keeps one
    row per address (the (send, email) constraint) should the audience ever name one twice.
    """
    from networks.segments import resolve_audience

    if contacts is None:
        contacts = resolve_audience(
            send.segments.all(),
            send.topic,
            send.exclude_segments.all(),
            send.districts.values_list("pk", flat=True),
            page=send.source_page,
        )
    select_sql, select_params = contacts.values("id", "email").query.sql_with_params()
    table = Delivery._meta.db_table
    # Only our own table name and Django's compiled query are interpolated; values are params.
    # ON CONFLICT skips an address already in this send and, for an issue or an alert, an
    # address another send of it already holds (`one_copy_per_content`); rows go in address
    # order so two sends freezing at once wait on each other rather than deadlock.
    insert = (
        f"INSERT INTO {table} (send_id, contact_id, email, state, provider_message_id, "  # noqa: S608
        f"attempts, last_error, created_at, content_key) "
        f"SELECT %s, r.id, r.email, %s, '', 0, '', %s, %s FROM ({select_sql}) r WHERE true "
        f"ORDER BY r.email ON CONFLICT DO NOTHING"
    )
    ranges_sql = (
        f"SELECT MIN(id), MAX(id) FROM (SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / %s "  # noqa: S608
        f"AS chunk FROM {table} WHERE send_id = %s) numbered GROUP BY chunk ORDER BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            insert,
            [send.pk, Delivery.State.QUEUED, timezone.now(), send.content_key, *select_params],
        )
        cursor.execute(ranges_sql, [max(1, settings.SEND_BATCH_SIZE), send.pk])
        ranges = [(first, last) for first, last in cursor.fetchall()]
    total = Delivery.objects.filter(send=send).count()
    return total, ranges


def already_reached(send_kind: str, page, contacts) -> int:
    """How many of `contacts` (a queryset) a send of `page` of this kind would skip because
    another send of it already holds their address: what the confirm page says."""
    key = Send(kind=send_kind, source_page=page).content_key
    if not key:
        return 0
    held = Delivery.objects.filter(content_key=key).values("email")
    return contacts.filter(email__in=held).count()


def start_send(send: Send, *, user=None) -> Send:
    """Start a draft or scheduled send now: freeze the audience (deduplicated by address, without
    the unsubscribed, suppressed and erased) into queued deliveries and enqueue their batches."""
    with transaction.atomic():
        send = _locked(send)
        _require(send, (SendState.DRAFT, SendState.SCHEDULED), "started")
        return _start(send, user=user)


def _start(send: Send, *, user=None, contacts=None) -> Send:
    """Freeze the audience (`contacts` when given) of a locked draft or scheduled send, mark it
    sending and enqueue its batches on commit. Runs in the caller's transaction."""
    total, ranges = _freeze_audience(send, contacts)
    now = timezone.now()
    send.state = SendState.SENDING
    send.recipient_count = total
    send.started_at = send.progress_at = now
    send.save(update_fields=["state", "recipient_count", "started_at", "progress_at"])
    log_send(send, "newsletters.send.started", user=user, recipients=total)
    if ranges:
        _enqueue_ranges(send.pk, ranges)
    else:
        from .batches import complete_if_done

        transaction.on_commit(lambda: complete_if_done(send.pk))
    return send


def pause_send(send: Send, *, user=None) -> Send:
    """Stop claiming new batches. Batches already claimed finish; nothing is lost."""
    with transaction.atomic():
        send = _locked(send)
        _require(send, (SendState.SENDING,), "paused")
        send.state = SendState.PAUSED
        send.save(update_fields=["state"])
        log_send(send, "newsletters.send.paused", user=user)
    return send


def resume_send(send: Send, *, user=None) -> Send:
    """Carry on a paused send: rows a dead worker left behind become uncertain; every row still
    queued gets a batch again."""
    from .recovery import mark_stale_claims_uncertain

    with transaction.atomic():
        send = _locked(send)
        _require(send, (SendState.PAUSED,), "resumed")
        mark_stale_claims_uncertain(send_id=send.pk)
        send.state = SendState.SENDING
        send.progress_at = timezone.now()
        send.save(update_fields=["state", "progress_at"])
        log_send(send, "newsletters.send.resumed", user=user)
        _requeue(send)
    return send


def _requeue(send: Send):
    ranges = _queued_ranges(send)
    if ranges:
        _enqueue_ranges(send.pk, ranges)
    else:
        from .batches import complete_if_done

        transaction.on_commit(lambda: complete_if_done(send.pk))


def cancel_send(send: Send, *, user=None) -> Send:
    """Cancel a send that has not finished. Rows not yet claimed become `cancelled` (never sent);
    a batch already being sent finishes and is recorded."""
    with transaction.atomic():
        send = _locked(send)
        allowed = (SendState.DRAFT, SendState.SCHEDULED, SendState.SENDING, SendState.PAUSED)
        _require(send, allowed, "cancelled")
        now = timezone.now()
        not_sent = Delivery.objects.filter(send=send, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CANCELLED, last_error="send cancelled"
        )
        send.state = SendState.CANCELLED
        send.cancelled_at = send.finished_at = now
        send.save(update_fields=["state", "cancelled_at", "finished_at"])
        log_send(send, "newsletters.send.cancelled", user=user, not_sent=not_sent)
    return send


def _send_again(send: Send, rows, action: str, user, **reset) -> int:
    _require(send, (SendState.SENDING, SendState.PAUSED, SendState.SENT), "sent again")
    count = rows.update(state=Delivery.State.QUEUED, claimed_at=None, **reset)
    if send.state == SendState.SENT and count:
        drop_tally(send.pk)  # counted live again until it finishes again
        send.state = SendState.SENDING
        send.finished_at = None
        send.progress_at = timezone.now()
        send.save(update_fields=["state", "finished_at", "progress_at"])
    log_send(send, action, user=user, rows=count)
    if send.state == SendState.SENDING and count:
        _requeue(send)
    return count


def resend_uncertain(send: Send, *, user=None) -> int:
    """The coordinator's decision to send again the rows whose worker stopped mid-send (their
    recipients may get the message twice). Returns how many rows were queued again."""
    with transaction.atomic():
        send = _locked(send)
        rows = Delivery.objects.filter(send=send, state=Delivery.State.UNCERTAIN)
        return _send_again(send, rows, "newsletters.send.uncertain_resent", user)


def retry_failed(send: Send, *, user=None) -> int:
    """Queue the failed rows again (not bounced or complained ones, nor addresses suppressed
    since). Returns how many rows were queued again."""
    with transaction.atomic():
        send = _locked(send)
        rows = Delivery.objects.filter(send=send, state=Delivery.State.FAILED).exclude(
            email__in=Suppression.objects.values("email")
        )
        # The coordinator's retry is a new start: SEND_MAX_RETRIES attempts again.
        return _send_again(send, rows, "newsletters.send.failed_retried", user, attempts=0)


def send_to_addresses(
    content: MessageContent, addresses: Iterable[str], topic: str, *, view_in_browser_url: str = ""
) -> dict:
    """A test send, now, in this process, through the same personalisation and backend as a
    real send, with the sample reader's values (`merge.sample_values`, the ones the preview
    shows): every link opens the page saying it came from a sample message, except the "view in
    browser" link, which is `view_in_browser_url` when given. No Delivery rows.
    Returns {address: "sent" | error message}."""
    compiled = CompiledContent(content, view_in_browser_url=view_in_browser_url)
    values = sample_values(view_in_browser_url=view_in_browser_url)
    recipients = [Recipient(email=a, name="", values=dict(values)) for a in addresses]
    outcomes = get_transport().send(compiled, recipients) if recipients else []
    return {
        r.email: ("sent" if o.status == "sent" else o.error)
        for r, o in zip(recipients, outcomes, strict=True)
    }


def send_to_contacts(
    content: MessageContent,
    contacts: Iterable[Contact],
    topic: str,
    *,
    kind: str = SendKind.INVITATION,
    source_page=None,
    segments=(),
    created_by=None,
    idempotency_key: str | None = None,
) -> Send:
    """One send of `content` to a list of contacts chosen by the caller (an invitation to the
    people not yet invited): one Send, one Delivery per address, started now, batches enqueued
    on commit. `idempotency_key` (the confirm form's) is stored on the Send, unique: a second
    Send with it is refused by the database. Per-recipient values come from the registered
    merge fields' resolvers (e.g. each invitee's own RSVP link). Unlike `start_send`, no
    subscription is looked at (the caller chose the people), but a suppressed or erased address
    is never mailed: its row is `failed` with the reason. `segments` are recorded on the Send
    for the record only."""
    people = {c.email.lower(): c for c in contacts if c.email}
    with transaction.atomic():
        mailable = set(
            Contact.objects.mailable()
            .filter(pk__in=[c.pk for c in people.values()])
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        send = Send.objects.create(
            state=SendState.SENDING,
            kind=kind,
            topic=topic,
            **_frozen(content),
            source_page=source_page,
            recipient_count=len(people),
            started_at=now,
            progress_at=now,
            created_by=created_by,
            idempotency_key=idempotency_key or None,
        )
        send.segments.set(segments)
        refused = "not sent: the address is suppressed or the contact erased"
        rows = Delivery.objects.bulk_create(
            Delivery(
                send=send,
                contact=c,
                email=email,
                **(
                    {}
                    if c.pk in mailable
                    else {"state": Delivery.State.FAILED, "failed_at": now, "last_error": refused}
                ),
            )
            for email, c in people.items()
        )
        log_send(send, "newsletters.send.started", user=created_by, recipients=len(rows))
        queued = sorted(r.pk for r in rows if r.state == Delivery.State.QUEUED)
        if queued:
            _enqueue_ranges(send.pk, _ranges(queued))
        else:
            from .batches import complete_if_done

            transaction.on_commit(lambda: complete_if_done(send.pk))
    return send


def send_to_contact(
    content: MessageContent,
    contact: Contact,
    topic: str,
    kind: str = SendKind.NOTIFICATION,
    source=None,
) -> Delivery:
    """One message to one contact (a confirmation, an RSVP receipt, a notification), with a
    Delivery row and tracking like any send. It does not need a subscription, but an address
    that is suppressed or erased is never mailed: the row is then `failed` with the reason.
    `source` is a Wagtail page or any model instance (recorded as app.model:pk) or a string."""
    mailable = Contact.objects.mailable().filter(pk=contact.pk).exists()
    return _send_one(content, contact.email, contact, topic, kind, source, mailable)


def send_contact_email(*, contact, subject, html, text, kind=SendKind.NOTIFICATION, source=None):
    """`settings.CONTACT_MAILER`: how apps below sending in the import order (networks) send
    one already-rendered message to one contact through the engine."""
    return send_to_contact(MessageContent(subject, html, text), contact, "", kind, source)


def send_to_address(
    content: MessageContent,
    email: str,
    kind: str = SendKind.NOTIFICATION,
    source=None,
) -> Delivery:
    """One message to an address that is not (and must not become) a directory contact: a
    staff member's notification, or the person who sent a report and asked for a link. Same
    Delivery row, tracking, retries and suppression check as `send_to_contact`; no
    unsubscribe link (these are transactional messages the person asked for or works with)."""
    address = (email or "").strip().lower()
    mailable = bool(address) and not Suppression.objects.filter(email=address).exists()
    return _send_one(content, address, None, "", kind, source, mailable)


def _send_one(content, email, contact, topic, kind, source, mailable) -> Delivery:
    from wagtail.models import Page

    source_page = source if isinstance(source, Page) else None
    if source is None or source_page is not None:
        source_ref = ""
    elif hasattr(source, "_meta"):
        source_ref = f"{source._meta.label_lower}:{source.pk}"
    else:
        source_ref = str(source)[:100]
    with transaction.atomic():
        now = timezone.now()
        send = Send.objects.create(
            state=SendState.SENDING,
            kind=kind,
            topic=topic,
            **_frozen(content),
            source_page=source_page,
            source_ref=source_ref,
            recipient_count=1,
            started_at=now,
            progress_at=now,
        )
        delivery = Delivery.objects.create(send=send, contact=contact, email=email)
        log_send(send, "newsletters.send.started", recipients=1)
        if not mailable:
            delivery.state = Delivery.State.FAILED
            delivery.failed_at = now
            delivery.last_error = "not sent: the address is suppressed or the contact erased"
            delivery.save(update_fields=["state", "failed_at", "last_error"])
            send.state, send.finished_at = SendState.SENT, now
            send.save(update_fields=["state", "finished_at"])
            log_send(send, "newsletters.send.finished")
        else:
            _enqueue_ranges(send.pk, [(delivery.pk, delivery.pk)])
    return delivery
