"""Celery tasks of learning: each calls an action (beat's daily refresher reminders and the
leads' monthly lists; both send each message once however often they run)."""

from celery import shared_task

from . import actions


@shared_task(name="learning.send_refresher_reminders", ignore_result=True)
def send_refresher_reminders() -> int:
    """Beat: remind people whose training expires soon (LEARNING_REMINDER_DAYS)."""
    return actions.send_refresher_reminders()


@shared_task(name="learning.send_due_lists", ignore_result=True)
def send_due_lists() -> int:
    """Beat: each organisation's monthly list of its people falling due, to its Prevent leads."""
    return actions.send_due_lists()
