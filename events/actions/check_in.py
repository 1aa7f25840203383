"""Checking attendees in on the day."""

from django.db import transaction
from django.utils import dateformat, timezone
from wagtail.log_actions import log

from ..models import Booking, EventPage
from ..signals import attendance_changed


class CheckInClosed(Exception):
    """Marking attendance outside the event's days; `message` says when check-in opens (or
    that it has closed), for the coordinator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_in_closed(event: EventPage, *, now=None) -> str | None:
    """None on the event's days (`EventPage.check_in_days`, London dates), else why check-in
    is closed: before, when it opens; after, that it closed."""
    first, last = event.check_in_days()
    today = timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    if today < first:
        return f"Check-in opens on {dateformat.format(first, 'l j F Y')}, the day of the event."
    if today > last:
        return f"Check-in closed at the end of {dateformat.format(last, 'l j F Y')}."
    return None


def check_in_booking(booking: Booking, *, attended: bool = True, user=None, now=None) -> Booking:
    """Mark (or unmark, for a mistaken tap) a confirmed booking as attended. Marking is open on
    the event's days only (raises CheckInClosed before or after them, changing nothing); undoing
    a mistaken check-in is allowed at any time. Marking twice keeps the first time. A change
    sends `events.signals.attendance_changed` in the same transaction, so what listeners record
    commits or rolls back with the check-in."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("session__event").get(pk=booking.pk)
        )
        if attended:
            closed = check_in_closed(booking.session.event, now=now)
            if closed:
                raise CheckInClosed(closed)
        was_attended = booking.checked_in_at is not None
        if attended and was_attended:
            return booking  # a second tap changes nothing (and keeps the first time)
        booking.checked_in_at = now if attended else None
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
