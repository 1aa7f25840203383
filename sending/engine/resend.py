"""Sending a newsletter issue, an alert or an invitation again to people it already reached: a
separate, deliberate action with a reason, never a side effect of another send.

A person gets a page's content once across every send of it (`Delivery.content_key`, the
`one_copy_per_content` index). A re-send is a Send of the same kind and page with
`resend_generation` n ≥ 1: its deliveries carry the key `page:<id>:resend:<n>`, so the index
still holds (each re-send reaches a person once) and never meets the first copies. The
generation is the one the coordinator's form was opened for (`next_generation` then): two forms
posted at once for the same generation add one copy per person between them, and the form's
idempotency key makes one form posted twice one Send (`send_once`).

Who is sent it again: the people a send of the page already reached (`reached_deliveries`: any
row holding the page's key, or for an invitation a row of an invitation send of the event),
narrowed as any send of it is (`networks.segments.audience_among`: still subscribed to the topic,
mailable, in the alert's districts, partners for a partner-only page), and to the addresses
chosen, when some are. `sending.audience.resend_audience` lists exactly these before it goes.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, QuerySet
from wagtail.log_actions import log

from networks.models import Contact
from networks.models.contacts import normalise_email

from ..models import RESENDABLE, Delivery, Send, SendState
from .actions import _frozen, _start, log_send, send_once
from .content import MessageContent

# A reason is required and kept whole on the Send; the log entry holds it too.
MAX_REASON = 1000


def reached_deliveries(kind: str, page) -> QuerySet[Delivery]:
    """The deliveries by which sends of `page` (of SendKind `kind`, not re-sends) reached
    people: every row holding the page's content key (an issue, an alert), or every row of an
    invitation send of the event (invitations are once per person by their own table)."""
    key = Send(kind=kind, source_page=page).content_key
    if key:
        return Delivery.objects.filter(content_key=key)
    return Delivery.objects.filter(
        send__source_page=page, send__kind=kind, send__resend_generation=0
    )


def resend_recipients(
    kind: str, page, topic: str, *, districts: Iterable = (), emails: Iterable[str] | None = None
) -> QuerySet[Contact]:
    """The contacts a re-send of `page` would reach now: reached before (`reached_deliveries`),
    still in its audience by the rules every send of it follows, and among `emails` when given
    (None: everyone reached). Ordered by id."""
    from networks.segments import audience_among

    held = Contact.objects.filter(email__in=reached_deliveries(kind, page).values("email"))
    if emails is not None:
        held = held.filter(email__in=[normalise_email(e) for e in emails])
    return audience_among(held, topic, districts, page=page)


def resends_of(page) -> QuerySet[Send]:
    """The re-sends of `page`, oldest first."""
    return Send.objects.filter(source_page=page, resend_generation__gt=0).order_by(
        "created_at", "id"
    )


def next_generation(page) -> int:
    """The generation a re-send of `page` asked for now would be: one more than the last."""
    last = resends_of(page).aggregate(last=Max("resend_generation"))["last"]
    return (last or 0) + 1


def resend_to_reached(
    *,
    content: MessageContent,
    kind: str,
    page,
    topic: str,
    reason: str,
    generation: int,
    user,
    idempotency_key: str | None,
    emails: Iterable[str] | None = None,
    districts: Iterable = (),
    view_in_browser_url: str = "",
) -> tuple[Send, bool]:
    """Send `content` again, now, to the people sends of `page` already reached
    (`resend_recipients`, or only those of `emails`), as re-send `generation`, because of
    `reason`. Returns (send, created): a repeated or concurrent request with the same
    `idempotency_key` gets the first Send and sends nothing. Logs `newsletters.send.resent` on
    the Send and `sending.page.resent` on the page, each with the reason, the generation and who
    asked; the reason is on the Send (`resend_reason`) for its report. Raises ValueError for a
    kind that cannot be re-sent, a generation below 1 or an empty reason."""
    reason = (reason or "").strip()
    if kind not in RESENDABLE or page is None:
        raise ValueError("Only a newsletter issue, an alert or an invitation is sent again.")
    if generation < 1:
        raise ValueError("A re-send's generation is 1 or more.")
    if not reason:
        raise ValueError("Say why it is sent again.")
    chosen = None if emails is None else list(emails)
    districts = list(districts)

    def create() -> Send:
        with transaction.atomic():
            send = Send.objects.create(
                state=SendState.DRAFT,
                kind=kind,
                topic=topic,
                **_frozen(content),
                view_in_browser_url=view_in_browser_url,
                source_page=page,
                resend_generation=generation,
                resend_reason=reason[:MAX_REASON],
                created_by=user,
                idempotency_key=idempotency_key or None,
            )
            send.districts.set(districts)
            contacts = resend_recipients(kind, page, topic, districts=districts, emails=chosen)
            _start(send, user=user, contacts=contacts)
            data = {"reason": send.resend_reason, "generation": generation}
            log_send(
                send,
                "newsletters.send.resent",
                user=user,
                recipients=send.recipient_count,
                **data,
            )
            log(
                instance=page,
                action="sending.page.resent",
                user=user,
                data={"send": send.pk, "recipients": send.recipient_count, **data},
            )
        return send

    return send_once(idempotency_key, create)
