"""What the RSVP actions share: the refusal they raise, session locks and the count of held
places, and emails promised after commit."""

from django.conf import settings

from core.queue import promise_on_commit

from ..models import Booking, Invitation, Session

State = Invitation.State
B = Booking.State


class RsvpRefused(Exception):
    """An answer that cannot be taken (deadline passed, event started, offer gone…); `message`
    is written for the invitee."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _hold_hours() -> int:
    return int(settings.EVENTS_OFFER_HOLD_HOURS)


def _lock_sessions(ids) -> dict[int, Session]:
    return {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _holding(session: Session) -> int:
    return Booking.objects.filter(session=session, state__in=Booking.HOLDING).count()


def _after_commit(task, *args):
    """The email this change promised: written with the change, sent once after commit, even
    if the broker is down now (beat's `core.sweep` hands it over when it is back)."""
    promise_on_commit(task, *args)


def _confirm_later(invitation_id: int, booking_ids, *, even_without_bookings: bool = False):
    """The confirmation of the bookings that changed; with `even_without_bookings` (a decline)
    also when none did: the email then says that we have the answer and they are not coming."""
    from ..tasks import send_confirmation

    if booking_ids or even_without_bookings:
        _after_commit(send_confirmation, invitation_id, sorted(booking_ids))
