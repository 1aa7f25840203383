"""Celery tasks of learning: primary keys only, each calls a function that does its work once
(beat's daily refresher reminders, the leads' monthly lists, certificate emails and the impact
follow-up all send each message once however often they run)."""

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


@shared_task(name="learning.email_certificates", ignore_result=True)
def email_certificates(ids=None) -> int:
    """After commit, the certificates just issued (`ids`); from beat, every one still due."""
    from .certificates import email_due_certificates

    return email_due_certificates(ids)


@shared_task(name="learning.send_follow_ups", ignore_result=True)
def send_follow_ups() -> int:
    """Beat, daily: the impact questionnaire of the sessions that ended three months ago."""
    from .follow_up import send_follow_ups as send

    return send()
