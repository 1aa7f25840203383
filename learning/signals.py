"""Checking a person in at a training session is take-up: events' `attendance_changed` signal
(sent inside the check-in transaction) records or removes the completion."""

from django.dispatch import receiver

from events.signals import attendance_changed


@receiver(attendance_changed)
def completion_follows_check_in(sender, booking, attended, user=None, **kwargs):
    from .actions import record_attendance, remove_attendance

    if attended:
        record_attendance(booking, user=user)
    else:
        remove_attendance(booking, user=user)
