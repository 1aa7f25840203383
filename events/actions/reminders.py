"""Beat's reminders, chases and feedback requests, each sent once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import EventPage, Invitation, Reminder
from ._common import B, State


def _record_reminder(invitation: Invitation, kind: str, offset: int) -> bool:
    """Claim one reminder row; False when it was already sent (the unique row exists)."""
    _row, created = Reminder.objects.get_or_create(
        invitation=invitation, kind=kind, offset_days=offset
    )
    return created


def _due_offset(offsets, moment, now):
    due = [d for d in offsets if now >= moment - timedelta(days=d)]
    return min(due) if due else None


def send_reminders(*, now=None) -> dict[str, int]:
    """Beat: remind people with a confirmed place `EVENTS_REMINDER_DAYS_BEFORE` days before the
    event, and chase invitees who have not answered `EVENTS_CHASE_DAYS_BEFORE_DEADLINE` days
    before the deadline. Only the nearest offset that is due is sent (a missed earlier one is
    not sent late); a reminder row per invitation and offset makes it send once."""
    from ..emails import send_chase, send_reminder

    now = now or timezone.now()
    counts = {"attendee": 0, "chase": 0}
    for event in EventPage.objects.live().filter(start_at__gt=now):
        offset = _due_offset(settings.EVENTS_REMINDER_DAYS_BEFORE, event.start_at, now)
        if offset is not None:
            attendees = Invitation.objects.filter(
                event=event, state=State.ACCEPTED, bookings__state=B.CONFIRMED
            ).distinct()
            for invitation in attendees.select_related("contact"):
                with transaction.atomic():
                    if _record_reminder(invitation, Reminder.Kind.ATTENDEE, offset):
                        send_reminder(invitation)
                        counts["attendee"] += 1
        offset = _due_offset(settings.EVENTS_CHASE_DAYS_BEFORE_DEADLINE, event.rsvp_deadline, now)
        if offset is not None and now <= event.rsvp_deadline:
            silent = Invitation.objects.filter(event=event, state=State.NO_ANSWER)
            for invitation in silent.select_related("contact"):
                with transaction.atomic():
                    if _record_reminder(invitation, Reminder.Kind.CHASE, offset):
                        send_chase(invitation)
                        counts["chase"] += 1
    return counts


def send_feedback_requests(*, now=None) -> int:
    """Beat: after an event has ended (within the last 14 days), ask each person who was checked
    in for feedback, once."""
    from ..emails import send_feedback_request

    now = now or timezone.now()
    sent = 0
    ended = EventPage.objects.filter(end_at__lte=now, end_at__gt=now - timedelta(days=14))
    for event in ended:
        attended = Invitation.objects.filter(
            event=event, bookings__checked_in_at__isnull=False
        ).distinct()
        for invitation in attended.select_related("contact"):
            with transaction.atomic():
                if _record_reminder(invitation, Reminder.Kind.FEEDBACK, 0):
                    send_feedback_request(invitation)
                    sent += 1
    return sent
