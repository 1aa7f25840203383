"""Every email about an event, each through the sending engine (a Delivery row each, tracking,
retries, suppression): invitations (one Send per invitation, each invitee's own RSVP link filled
in by the engine from the `rsvp_url` merge field), registration links, confirmations with their
.ics attachments, offers of a freed place and their lapse, reminders, chases and feedback
requests (one message to one person each, `send_to_contact`).
"""

from django.conf import settings
from django.template.loader import render_to_string

from sending.engine import (
    Attachment,
    MessageContent,
    register_merge_field,
    sample_link,
    send_to_contact,
)

from .ics import booking_calendar
from .links import rsvp_url
from .models import Booking, Invitation

# The merge field of each invitee's own RSVP link (URL-safe: the same in HTML and text).
RSVP_FIELD = "{{ rsvp_url }}"


def rsvp_urls(send, contact_ids: list[int]) -> dict[int, str]:
    """Each recipient's own RSVP link for the event the send is about (`source_page`): the
    engine's resolver of `{{ rsvp_url }}`, one query per batch."""
    if not send.source_page_id:
        return {}
    invitations = Invitation.objects.filter(
        event_id=send.source_page_id, contact_id__in=contact_ids
    ).only("pk", "event_id", "contact_id", "nonce")
    return {invitation.contact_id: rsvp_url(invitation) for invitation in invitations}


def register_event_merge_fields():
    """Called from `EventsConfig.ready`: events' merge fields, with their sample for previews
    and tests (a sample link that opens a page saying so)."""
    register_merge_field(
        "rsvp_url",
        sample_link("rsvp_url"),
        "the invitee's own page to answer the invitation",
        resolve=rsvp_urls,
    )


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    html = render_to_string(f"events/email/{name}.html", context)
    text = render_to_string(f"events/email/{name}.txt", context)
    return html, text


def render_invitation(event) -> MessageContent:
    """The invitation, rendered once for every invitee: merge fields for the name, the personal
    RSVP link and the unsubscribe link, filled in by the engine for each recipient."""
    html, text = _render(
        "invitation", {"event": event, "sessions": event.sessions.all(), "url": RSVP_FIELD}
    )
    return MessageContent(subject=f"Invitation: {event.title}", html=html, text=text)


def _send_one(name: str, subject: str, invitation: Invitation, context: dict, attachments=()):
    """Render `events/email/<name>` for one invitee and send it through the engine."""
    html, text = _render(name, {"event": invitation.event, "invitation": invitation, **context})
    return send_to_contact(
        MessageContent(subject=subject, html=html, text=text, attachments=tuple(attachments)),
        invitation.contact,
        "events",
        kind="notification",
        source=invitation.event,
    )


def send_registration(invitation: Invitation):
    """The personal link for someone who registered on an open event's page."""
    return _send_one(
        "registration",
        f"Your registration: {invitation.event.title}",
        invitation,
        {"url": rsvp_url(invitation)},
    )


def send_offer_email(booking_id: int):
    booking = Booking.objects.select_related("session", "invitation__event").get(pk=booking_id)
    if booking.state != Booking.State.OFFERED:
        return None  # taken, declined or lapsed before the task ran
    invitation = booking.invitation
    return _send_one(
        "offer",
        f"A place is free for you: {invitation.event.title}",
        invitation,
        {"booking": booking, "url": rsvp_url(invitation, "offer")},
    )


def send_offer_lapsed_email(booking_id: int):
    """Tell someone whose held place lapsed that it went on, and how to queue again."""
    booking = Booking.objects.select_related("session", "invitation__event").get(pk=booking_id)
    if booking.state != Booking.State.CANCELLED:
        return None  # they queued again before the task ran
    invitation = booking.invitation
    return _send_one(
        "offer_lapsed",
        f"The place we held has gone: {invitation.event.title}",
        invitation,
        {"booking": booking, "url": rsvp_url(invitation)},
    )


def send_reminder(invitation: Invitation):
    sessions = [
        b.session
        for b in invitation.bookings.filter(state=Booking.State.CONFIRMED).order_by(
            "session__start_at"
        )
    ]
    return _send_one(
        "reminder",
        f"Reminder: {invitation.event.title}",
        invitation,
        {"sessions": sessions, "url": rsvp_url(invitation)},
    )


def send_chase(invitation: Invitation):
    return _send_one(
        "chase",
        f"Will you come? {invitation.event.title}",
        invitation,
        {"sessions": invitation.event.sessions.all(), "url": rsvp_url(invitation)},
    )


def send_feedback_request(invitation: Invitation):
    return _send_one(
        "feedback",
        f"Thank you for coming: {invitation.event.title}",
        invitation,
        {"url": rsvp_url(invitation, "feedback")},
    )


def send_booking_confirmation(invitation_id: int, booking_ids):
    """Email the invitee what they now hold, for the bookings that just changed: places
    confirmed (with an .ics, METHOD:REQUEST), places on the waiting list, and places cancelled
    (with an .ics, METHOD:CANCEL). Returns the Delivery (`failed`, unsent, for a suppressed or
    erased address)."""
    invitation = Invitation.objects.select_related("event", "contact").get(pk=invitation_id)
    bookings = list(
        Booking.objects.filter(pk__in=booking_ids, invitation=invitation)
        .select_related("session__event", "invitation__contact")
        .order_by("session__start_at")
    )
    held = [b for b in bookings if b.state in Booking.HOLDING]
    waiting = [b for b in bookings if b.state == Booking.State.WAITING]
    cancelled = [b for b in bookings if b.state == Booking.State.CANCELLED]
    context = {
        "contact": invitation.contact,
        "held": held,
        "waiting": waiting,
        "cancelled": cancelled,
        "url": rsvp_url(invitation),
    }
    subject = (
        f"Your place: {invitation.event.title}"
        if held
        else f"Your answer: {invitation.event.title}"
    )
    attachments = []
    if held:
        attachments.append(
            Attachment(
                "event.ics", booking_calendar(held, "REQUEST"), "text/calendar; method=REQUEST"
            )
        )
    if cancelled:
        attachments.append(
            Attachment(
                "cancelled.ics",
                booking_calendar(cancelled, "CANCEL"),
                "text/calendar; method=CANCEL",
            )
        )
    return _send_one("confirmation", subject, invitation, context, attachments)
