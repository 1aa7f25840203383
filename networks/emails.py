"""The emails this app sends itself: only the double opt-in confirmation.

Everything else (newsletters, alerts, invitations) goes through the sending engine. Sending is kept
in `send_confirmation()` alone so routing it through the engine is a one-line change.
"""

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import Contact
from .tokens import MAX_AGE


def partnership_name() -> str:
    """The partnership's name from the site settings (cms), without importing cms code."""
    try:
        model = apps.get_model("cms", "PartnershipSettings")
    except LookupError:
        return settings.WAGTAIL_SITE_NAME
    row = model.objects.order_by("pk").values_list("name", flat=True).first()
    return row or settings.WAGTAIL_SITE_NAME


def send_confirmation(contact: Contact, url: str) -> None:
    """Email the double opt-in link to `contact`. The body holds the link and the person's first
    name only: nothing else of what they typed."""
    context = {
        "first_name": contact.first_name,
        "partnership": partnership_name(),
        "url": url,
        "days": MAX_AGE["confirm"].days,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription to {context['partnership']}",
        body=render_to_string("networks/email/confirm.txt", context),
        to=[contact.email],
    )
    message.attach_alternative(
        render_to_string("networks/email/confirm.html", context), "text/html"
    )
    message.send()
