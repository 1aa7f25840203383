"""Personal return links: signed (salt `returns.link`), single-purpose, expiring after
RETURNS_LINK_DAYS, no account. The one module of returns that signs or reads a link (the lead
ports it to core's signed-link helper at merge).

The token carries the respondent id, the response's nonce and the contact's id. It opens
nothing when it is forged, expired, signed for another purpose, when the response's nonce
changed (erasure voids the links), or when the contact is no longer mailable or no longer of
the response's organisation (another organisation's return is never reachable).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from networks.models import Contact

from .models import Respondent

SALT = "returns.link"


class BadLink(Exception):
    """reason: "invalid" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def max_age() -> timedelta:
    return timedelta(days=settings.RETURNS_LINK_DAYS)


def make_token(respondent: Respondent) -> str:
    return signing.dumps(
        {"r": respondent.pk, "n": respondent.response.nonce, "c": respondent.contact_id},
        salt=SALT,
        compress=True,
    )


def return_url(respondent: Respondent) -> str:
    return settings.SITE_URL + reverse("returns:form", args=[make_token(respondent)])


def read_token(token: str) -> Respondent:
    """The respondent a link belongs to, else BadLink."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise BadLink("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink("invalid") from None
    if not isinstance(payload, dict):
        raise BadLink("invalid")
    respondent = (
        Respondent.objects.select_related("response__ret", "response__organisation", "contact")
        .filter(pk=payload.get("r"), contact_id=payload.get("c"))
        .first()
    )
    if respondent is None or respondent.response.nonce != payload.get("n"):
        raise BadLink("invalid")
    contact = respondent.contact
    if (
        contact.organisation_id != respondent.response.organisation_id
        or not Contact.objects.mailable().filter(pk=contact.pk).exists()
    ):
        raise BadLink("invalid")
    return respondent
