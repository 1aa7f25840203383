"""Celery tasks of accounts: the password-reset email, promised by the request (core.queue)."""

from celery import shared_task


@shared_task(name="accounts.send_password_reset", ignore_result=True)
def send_password_reset(email: str) -> int:
    """Look the address up and email each active account's reset link (actions)."""
    from .actions import deliver_password_reset

    return deliver_password_reset(email)
