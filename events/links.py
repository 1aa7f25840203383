"""Personal RSVP links: signed (salt `events.rsvp`), no login, valid until the event ends.

The token carries the invitation id, the event id and the invitation's nonce. A coordinator can
cancel every link of an invitation by giving it a new nonce; a deleted event's links say so.
Built on `core.links`; a bad link raises its `BadLink` with reason "invalid" (tampered,
truncated, replaced), "expired" (the event is over) or "event_gone" (the event was deleted).
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core.links import BadLink, SignedLink

from .models import EventPage, Invitation

SALT = "events.rsvp"
# No max_age: expiry is the event's end, read from the event when the link is followed.
LINK = SignedLink(salt=SALT)


def make_rsvp_token(invitation: Invitation) -> str:
    return LINK.make({"i": invitation.pk, "e": invitation.event_id}, nonce=invitation.nonce)


def rsvp_url(invitation: Invitation, action: str = "rsvp") -> str:
    """Absolute URL of one of the invitee's pages: rsvp, offer or feedback."""
    return settings.SITE_URL + reverse(f"events:{action}", args=[make_rsvp_token(invitation)])


def read_rsvp_token(token: str, *, grace: timedelta = timedelta(0)) -> Invitation:
    """The invitation a link belongs to, else core's BadLink. Expiry is the event's end (read
    from the event now, so moving the event moves its links' expiry), plus `grace` (the feedback
    form stays open a while after the event)."""
    payload = LINK.read(token)
    invitation = (
        Invitation.objects.select_related("event", "contact")
        .filter(pk=payload.get("i"), event_id=payload.get("e"))
        .first()
    )
    if invitation is None:
        if not EventPage.objects.filter(pk=payload.get("e")).exists():
            raise BadLink("event_gone")
        raise BadLink("invalid")
    if invitation.contact.erased_at is not None:
        raise BadLink("invalid")
    LINK.check(payload, nonce=invitation.nonce, expires_at=invitation.event.end_at + grace)
    return invitation
