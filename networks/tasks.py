"""Celery tasks. Each carries primary keys only and calls an action."""

from celery import shared_task

from .actions.subscriptions import apply_subscription_request


@shared_task(name="networks.process_subscription_request", ignore_result=True)
def process_subscription_request(request_id: int) -> bool:
    """Apply one subscribe-form request (promised on commit of the form's POST)."""
    return apply_subscription_request(request_id)


@shared_task(name="networks.send_fresh_partner_link", ignore_result=True)
def send_fresh_partner_link_task(email: str, path: str) -> None:
    """Email a fresh partner link if the address is a contact's (promised by the public form)."""
    from .partner_access import send_fresh_partner_link

    send_fresh_partner_link(email, path)
