"""The directory changes a tracking event causes: suppress an address, unsubscribe a contact.

These belong to `networks.actions` (suppress_address, unsubscribe_contact). Until that module is
on main, `_fallback_suppress_address` and `_fallback_unsubscribe_contact` write the same rows
directly (Suppression + ConsentEvent); once it exists it is used and the fallbacks can go.
"""

from django.db import transaction

from networks.models import ConsentEvent, Contact, Subscription, Suppression
from networks.models.contacts import normalise_email


def _fallback_suppress_address(email: str, reason: str, detail: str = ""):
    """Suppress `email` (idempotent) and record it in the history of the contact who has it."""
    email = normalise_email(email)
    with transaction.atomic():
        suppression, created = Suppression.objects.get_or_create(
            email=email, defaults={"reason": reason, "detail": detail[:255]}
        )
        if created:
            source = (
                ConsentEvent.Source.COMPLAINT
                if reason == Suppression.Reason.COMPLAINT
                else ConsentEvent.Source.BOUNCE
            )
            for contact in Contact.objects.filter(email=email):
                ConsentEvent.objects.create(
                    contact=contact, action="suppressed", source=source, detail=detail[:255]
                )
    return suppression


def _fallback_unsubscribe_contact(contact: Contact, topic: str | None, source: str):
    """Unsubscribe `contact` from `topic` (from every topic when empty), with consent history."""
    with transaction.atomic():
        subscriptions = Subscription.objects.filter(contact=contact).exclude(
            status=Subscription.Status.UNSUBSCRIBED
        )
        if topic:
            subscriptions = subscriptions.filter(topic=topic)
        for subscription in subscriptions:
            subscription.status = Subscription.Status.UNSUBSCRIBED
            subscription.save(update_fields=["status", "updated_at"])
            ConsentEvent.objects.create(
                contact=contact, topic=subscription.topic, action="unsubscribed", source=source
            )


try:
    from networks.actions import suppress_address, unsubscribe_contact
except ImportError:
    suppress_address = _fallback_suppress_address
    unsubscribe_contact = _fallback_unsubscribe_contact

__all__ = ["suppress_address", "unsubscribe_contact"]
