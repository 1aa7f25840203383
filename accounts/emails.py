"""The emails of staff accounts. Each is one message to one address through the sending engine
(`send_to_address`): a Delivery row in Sends, retried after a provider error, never sent to a
suppressed address, sent by a worker after the caller's transaction commits."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.partnership import partnership
from core.sites import site_url
from sending.engine import MessageContent, send_to_address


def _partnership_name() -> str:
    return partnership(None).name or settings.WAGTAIL_SITE_NAME


def _send(template: str, subject: str, email: str, context: dict, source):
    context = {"partnership": _partnership_name(), **context}
    content = MessageContent(
        subject=subject,
        html=render_to_string(f"accounts/email/{template}.html", context),
        text=render_to_string(f"accounts/email/{template}.txt", context),
    )
    return send_to_address(content, email, source=source)


def send_invitation(invitation, token: str):
    """Email `invitation`'s link (holding `token`); returns the Delivery."""
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "inviter": (inviter.get_full_name() or "The coordinator") if inviter else "The coordinator",
        "url": site_url(reverse("accounts:accept", args=[token])),
    }
    subject = f"Your staff account of {_partnership_name()}"
    return _send("invitation", subject, invitation.email, context, invitation)


def send_password_reset(user, token: str, minutes: int):
    context = {
        "user": user,
        "minutes": minutes,
        "url": site_url(reverse("accounts:reset", args=[token])),
    }
    return _send(
        "password_reset", "Choose a new password", user.email, context, "accounts.password_reset"
    )


def send_two_factor_reset(user, actor):
    context = {
        "user": user,
        "actor": actor.get_full_name() or "The coordinator",
        "url": site_url(reverse("wagtailadmin_login")),
    }
    return _send(
        "two_factor_reset",
        "Your two-factor sign-in was reset",
        user.email,
        context,
        "accounts.two_factor_reset",
    )
