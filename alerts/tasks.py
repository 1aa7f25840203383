"""Celery tasks. Each carries primary keys only and calls an action."""

from celery import shared_task

from . import actions
from .actions.notify import deliver_outbox_row


@shared_task(name="alerts.deliver_outbox", ignore_result=True)
def deliver_outbox(outbox_id: int) -> str:
    """Deliver one notification (enqueued on commit of the change it is about)."""
    return deliver_outbox_row(outbox_id)


@shared_task(name="alerts.retry_outbox", ignore_result=True)
def retry_outbox() -> int:
    """Beat: deliver notifications that could not be queued or sent before."""
    return actions.retry_due_notifications()


@shared_task(name="alerts.escalate_unacknowledged", ignore_result=True)
def escalate_unacknowledged() -> int:
    """Beat: escalate urgent reports still unacknowledged after ALERTS_ESCALATE_AFTER_MINUTES."""
    return actions.escalate_unacknowledged()


@shared_task(name="alerts.apply_retention", ignore_result=True)
def apply_retention() -> dict:
    """Beat, daily: warn about and apply the retention rules."""
    result = actions.apply_retention()
    return {
        "warned": len(result.warned),
        "anonymised": len(result.anonymised),
        "deleted": len(result.deleted),
    }
