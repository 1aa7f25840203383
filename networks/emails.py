"""The one email this app composes: the double opt-in confirmation.

Like every message it is sent by the sending engine (one Delivery row, tracking, suppression).
`networks` sits below `sending` in the import order, so it reaches the engine through the
function named by `settings.CONTACT_MAILER` instead of importing it.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from core.partnership import partnership

from .models import Contact
from .tokens import MAX_AGE


def send_confirmation(contact: Contact, url: str, first_name=None, changes=None, site=None) -> None:
    """Email the double opt-in link to `contact`, in the name of `site`'s partnership (the default
    site's when None). The body holds the link, the first name typed on the form (`first_name`,
    else the one on file) and, for someone already on the list, `changes`
    (networks.actions.SubscriptionChanges): what they receive and what would be added. Nothing
    else of what they typed."""
    context = {
        "first_name": first_name if first_name is not None else contact.first_name,
        "partnership": partnership(site).name or settings.WAGTAIL_SITE_NAME,
        "site": site,  # the email shell's name and brand colour come from the same site
        "url": url,
        "days": MAX_AGE["confirm"].days,
        "changes": changes,
        "existing": bool(changes and changes.already_subscribed),
    }
    subject = (
        f"Confirm the changes to your emails from {context['partnership']}"
        if context["existing"]
        else f"Confirm your subscription to {context['partnership']}"
    )
    mailer = import_string(settings.CONTACT_MAILER)
    mailer(
        contact=contact,
        subject=subject,
        html=render_to_string("networks/email/confirm.html", context),
        text=render_to_string("networks/email/confirm.txt", context),
        source="networks.confirmation",
    )
