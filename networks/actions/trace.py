"""How directory actions leave their trace."""

from wagtail.log_actions import log

from ..models import Contact


def log_contact(contact: Contact, action: str, user=None, **data) -> None:
    """A Wagtail log entry on the contact. Its title is the contact's number, never their name,
    so the audit trail itself holds no personal data."""
    log(contact, action, user=user, title=f"Contact #{contact.pk}", data=data or None)
