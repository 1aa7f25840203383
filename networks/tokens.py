"""Signed, expiring, single-purpose links for contacts (no login needed).

Each purpose has its own salt, so a confirmation token cannot be used as an unsubscribe token.
The payload carries a fingerprint of the contact's current address: changing or erasing the
address invalidates every link issued before.
"""

from datetime import timedelta

from django.conf import settings

from core.links import BadLink, SignedLink
from core.links import fingerprint as _digest

from .models import Contact

MAX_AGE = {
    "confirm": timedelta(days=7),
    "preferences": timedelta(days=365),
    "unsubscribe": timedelta(days=365),
    # A personal link to partner-only pages (alerts, materials): short, as it opens them
    # without a password. networks.partner_access issues and reads it.
    "partner": timedelta(days=14),
}


def fingerprint(contact: Contact) -> str:
    """Changes whenever the contact's address does: a token or session carrying an old one no
    longer opens anything."""
    return _fingerprint(contact)


def _fingerprint(contact: Contact) -> str:
    return _digest(contact.pk, contact.email)


def link_kind(purpose: str) -> SignedLink:
    """The signed-link kind of `purpose` (salt `networks.link.<purpose>`, its MAX_AGE, read
    when asked so a changed MAX_AGE applies at once). Raises ValueError for an unknown one."""
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown link purpose {purpose!r}")
    return SignedLink(salt=f"networks.link.{purpose}", max_age=MAX_AGE[purpose], compress=True)


def make_contact_token(contact: Contact, purpose: str, **extra) -> str:
    return link_kind(purpose).make({"c": contact.pk, **extra}, fingerprint=_fingerprint(contact))


def read_contact_token(token: str, purpose: str) -> tuple[Contact, dict]:
    """Return (contact, payload) for a valid token of `purpose`, else raise core's BadLink
    ("expired" or "invalid")."""
    kind = link_kind(purpose)
    payload = kind.read(token)
    contact = Contact.objects.filter(pk=payload.get("c"), erased_at__isnull=True).first()
    if contact is None:
        raise BadLink("invalid")
    kind.check(payload, fingerprint=_fingerprint(contact))
    return contact, payload


def confirm_url(contact: Contact, **extra) -> str:
    """The double opt-in link. `extra` (e.g. the topics and districts asked for) travels signed in
    the token, so a request about a known address changes nothing until the link is followed."""
    token = make_contact_token(contact, "confirm", **extra)
    return f"{settings.SITE_URL}/subscribe/confirm/{token}/"


def preference_centre_url(contact: Contact) -> str:
    return (
        f"{settings.SITE_URL}/subscribe/preferences/{make_contact_token(contact, 'preferences')}/"
    )


def unsubscribe_url(contact: Contact, topic: str | None = None) -> str:
    """The List-Unsubscribe target: GET shows a confirm button, POST (RFC 8058) unsubscribes at
    once. With `topic`, from that topic only; without, from everything."""
    token = make_contact_token(contact, "unsubscribe", t=topic or "")
    return f"{settings.SITE_URL}/subscribe/unsubscribe/{token}/"
