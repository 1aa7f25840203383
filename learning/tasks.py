"""Celery tasks of learning: primary keys only, each calls a function that does its work once."""

from celery import shared_task


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
