"""Checking attendees in on the day."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Booking
from ..signals import attendance_changed


def check_in_booking(booking: Booking, *, attended: bool = True, user=None) -> Booking:
    """Mark (or unmark, for a mistaken tap) a confirmed booking as attended. Marking it twice
    keeps the first time. A change sends `events.signals.attendance_changed` in the same
    transaction, so what listeners record commits or rolls back with the check-in."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("session__event").get(pk=booking.pk)
        )
        was_attended = booking.checked_in_at is not None
        if attended and was_attended:
            return booking  # a second tap changes nothing (and keeps the first time)
        booking.checked_in_at = timezone.now() if attended else None
        booking.save(update_fields=["checked_in_at"])
        if attended != was_attended:
            attendance_changed.send(sender=Booking, booking=booking, attended=attended, user=user)
        log(
            instance=booking.session.event,
            action="events.attendee.checked_in" if attended else "events.attendee.unchecked",
            user=user,
            data={"booking": booking.pk},
        )
    return booking
