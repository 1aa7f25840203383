"""Personal RSVP links: signed (salt `events.rsvp`), no login, valid until the event ends.

The token carries the invitation id, the event id and the invitation's nonce. A coordinator can
cancel every link of an invitation by giving it a new nonce; a deleted event's links say so.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import EventPage, Invitation

SALT = "events.rsvp"


class BadRsvpLink(Exception):
    """reason: "invalid" (tampered, truncated, replaced), "expired" (the event is over) or
    "event_gone" (the event was deleted)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def make_rsvp_token(invitation: Invitation) -> str:
    return signing.dumps(
        {"i": invitation.pk, "e": invitation.event_id, "n": invitation.nonce}, salt=SALT
    )


def rsvp_url(invitation: Invitation, action: str = "rsvp") -> str:
    """Absolute URL of one of the invitee's pages: rsvp, offer or feedback."""
    return settings.SITE_URL + reverse(f"events:{action}", args=[make_rsvp_token(invitation)])


def read_rsvp_token(token: str, *, grace: timedelta = timedelta(0)) -> Invitation:
    """The invitation a link belongs to, else BadRsvpLink. Expiry is the event's end (read from
    the event now, so moving the event moves its links' expiry), plus `grace` (the feedback
    form stays open a while after the event)."""
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadRsvpLink("invalid") from None
    if not isinstance(payload, dict):
        raise BadRsvpLink("invalid")
    invitation = (
        Invitation.objects.select_related("event", "contact")
        .filter(pk=payload.get("i"), event_id=payload.get("e"))
        .first()
    )
    if invitation is None:
        if not EventPage.objects.filter(pk=payload.get("e")).exists():
            raise BadRsvpLink("event_gone")
        raise BadRsvpLink("invalid")
    if invitation.nonce != payload.get("n") or invitation.contact.erased_at is not None:
        raise BadRsvpLink("invalid")
    if timezone.now() > invitation.event.end_at + grace:
        raise BadRsvpLink("expired")
    return invitation
