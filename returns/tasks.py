"""Celery tasks of returns: primary keys only, each calls an action."""

from celery import shared_task

from . import actions


@shared_task(name="returns.send_chases", ignore_result=True)
def send_chases() -> int:
    """Beat: chase the organisations that have not submitted, once per offset."""
    return actions.send_chases()
