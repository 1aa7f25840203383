"""Checking attendees in on the day."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Booking


def check_in_booking(booking: Booking, *, attended: bool = True, user=None) -> Booking:
    """Mark (or unmark, for a mistaken tap) a confirmed booking as attended."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("session__event").get(pk=booking.pk)
        )
        booking.checked_in_at = timezone.now() if attended else None
        booking.save(update_fields=["checked_in_at"])
        log(
            instance=booking.session.event,
            action="events.attendee.checked_in" if attended else "events.attendee.unchecked",
            user=user,
            data={"booking": booking.pk},
        )
    return booking
