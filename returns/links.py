"""Personal return links, each a `core.links.SignedLink`, single-purpose, expiring after
RETURNS_LINK_DAYS, no account. The one module of returns that signs or reads a link; a failure
is core's `BadLink` ("invalid" or "expired").

- `LINK` (salt `returns.link`, compressed): open the organisation's return;
- `HANDOVER` (salt `returns.handover`): from a chase, "I am not the right person";
- `STOP_CHASES` (salt `returns.stop_chases`): from a chase, "stop reminders for this return".

Each salt is its own purpose, so a token of one kind opens none of the others. Every token
carries the respondent id, the response's nonce and the contact's id. It opens nothing when it
is forged, expired, signed for another purpose, when the response's nonce changed (erasure
voids the links), or when the contact is no longer mailable or no longer of the response's
organisation (another organisation's return is never reachable). The return link's salt and
payload keys are those of the links already emailed, so they still open.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core.links import BadLink, SignedLink
from networks.models import Contact

from .models import Respondent

LINK = SignedLink(salt="returns.link", compress=True)
HANDOVER = SignedLink(salt="returns.handover")
STOP_CHASES = SignedLink(salt="returns.stop_chases")

__all__ = [
    "HANDOVER",
    "LINK",
    "STOP_CHASES",
    "BadLink",
    "handover_url",
    "make_token",
    "read_token",
    "return_url",
    "stop_chases_url",
]


def max_age() -> timedelta:
    return timedelta(days=settings.RETURNS_LINK_DAYS)


def make_token(respondent: Respondent, link: SignedLink = LINK) -> str:
    return link.make(
        {"r": respondent.pk, "c": respondent.contact_id}, nonce=respondent.response.nonce
    )


def _url(name: str, respondent: Respondent, link: SignedLink) -> str:
    return settings.SITE_URL + reverse(name, args=[make_token(respondent, link)])


def return_url(respondent: Respondent) -> str:
    return _url("returns:form", respondent, LINK)


def handover_url(respondent: Respondent) -> str:
    return _url("returns:handover", respondent, HANDOVER)


def stop_chases_url(respondent: Respondent) -> str:
    return _url("returns:stop_chases", respondent, STOP_CHASES)


def read_token(token: str, link: SignedLink = LINK) -> Respondent:
    """The respondent a link of the kind `link` belongs to, else BadLink."""
    payload = link.read(token, max_age=max_age())
    respondent = (
        Respondent.objects.select_related("response__ret", "response__organisation", "contact")
        .filter(pk=payload.get("r"), contact_id=payload.get("c"))
        .first()
    )
    if respondent is None:
        raise BadLink("invalid")
    link.check(payload, nonce=respondent.response.nonce)
    contact = respondent.contact
    if (
        contact.organisation_id != respondent.response.organisation_id
        or not Contact.objects.mailable().filter(pk=contact.pk).exists()
    ):
        raise BadLink("invalid")
    return respondent
