"""Personal return links: one `core.links.SignedLink` (salt `returns.link`, compressed),
single-purpose, expiring after RETURNS_LINK_DAYS, no account. The one module of returns that
signs or reads a link; a failure is core's `BadLink` ("invalid" or "expired").

The token carries the respondent id, the response's nonce and the contact's id. It opens
nothing when it is forged, expired, signed for another purpose, when the response's nonce
changed (erasure voids the links), or when the contact is no longer mailable or no longer of
the response's organisation (another organisation's return is never reachable). The salt and
the payload's keys are those of the links already emailed, so they still open.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core.links import BadLink, SignedLink
from networks.models import Contact

from .models import Respondent

LINK = SignedLink(salt="returns.link", compress=True)

__all__ = ["LINK", "BadLink", "make_token", "read_token", "return_url"]


def max_age() -> timedelta:
    return timedelta(days=settings.RETURNS_LINK_DAYS)


def make_token(respondent: Respondent) -> str:
    return LINK.make(
        {"r": respondent.pk, "c": respondent.contact_id}, nonce=respondent.response.nonce
    )


def return_url(respondent: Respondent) -> str:
    return settings.SITE_URL + reverse("returns:form", args=[make_token(respondent)])


def read_token(token: str) -> Respondent:
    """The respondent a link belongs to, else BadLink."""
    payload = LINK.read(token, max_age=max_age())
    respondent = (
        Respondent.objects.select_related("response__ret", "response__organisation", "contact")
        .filter(pk=payload.get("r"), contact_id=payload.get("c"))
        .first()
    )
    if respondent is None:
        raise BadLink("invalid")
    LINK.check(payload, nonce=respondent.response.nonce)
    contact = respondent.contact
    if (
        contact.organisation_id != respondent.response.organisation_id
        or not Contact.objects.mailable().filter(pk=contact.pk).exists()
    ):
        raise BadLink("invalid")
    return respondent
