"""Celery tasks. Each carries primary keys only and calls an action."""

from celery import shared_task

from .actions.subscriptions import apply_subscription_request, sweep_subscription_requests


@shared_task(name="networks.process_subscription_request", ignore_result=True)
def process_subscription_request(request_id: int) -> bool:
    """Apply one subscribe-form request (enqueued on commit of the form's POST)."""
    return apply_subscription_request(request_id)


@shared_task(name="networks.sweep_subscription_requests", ignore_result=True)
def sweep_subscription_requests_task() -> int:
    """Beat: apply subscribe requests whose task was never queued (broker down)."""
    return sweep_subscription_requests()
