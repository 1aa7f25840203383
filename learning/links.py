"""Personal links of learning and development, each a `core.links.SignedLink`: sealed (no
readable id), single-purpose, expiring, no account. The one module of learning that makes or
reads a link; a failure is core's `BadLink` ("invalid" or "expired").

- `CERTIFICATE` (salt `learning.certificate`, LEARNING_CERTIFICATE_LINK_DAYS): the holder's
  certificate page and its PDF;
- `FOLLOW_UP` (salt `learning.follow_up`, LEARNING_FOLLOW_UP_LINK_DAYS): the impact
  questionnaire of one session.

Each token carries its row and the contact it was sent to. It opens nothing when forged,
expired or made for the other purpose, and nothing once the person is erased or the completion
removed (the row no longer names that contact).
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core.links import BadLink, SignedLink

from .models import Certificate, FollowUp

CERTIFICATE = SignedLink(salt="learning.certificate")
FOLLOW_UP = SignedLink(salt="learning.follow_up")

__all__ = [
    "CERTIFICATE",
    "FOLLOW_UP",
    "BadLink",
    "certificate_url",
    "follow_up_url",
    "read_certificate_token",
    "read_follow_up_token",
]


def certificate_url(certificate: Certificate) -> str:
    token = CERTIFICATE.make({"k": certificate.pk, "c": certificate.completion.contact_id})
    return settings.SITE_URL + reverse("learning:certificate", args=[token])


def read_certificate_token(token: str) -> Certificate:
    """The certificate a link opens, with its completion, contact and session; else BadLink."""
    payload = CERTIFICATE.read(
        token, max_age=timedelta(days=settings.LEARNING_CERTIFICATE_LINK_DAYS)
    )
    certificate = (
        Certificate.objects.select_related("completion__contact", "completion__session")
        .filter(
            pk=payload.get("k"),
            completion__contact_id=payload.get("c"),
            completion__erased_at__isnull=True,
            completion__contact__erased_at__isnull=True,
        )
        .first()
    )
    if certificate is None or not payload.get("c"):
        raise BadLink("invalid")
    return certificate


def follow_up_url(follow_up: FollowUp) -> str:
    token = FOLLOW_UP.make({"f": follow_up.pk, "c": follow_up.contact_id})
    return settings.SITE_URL + reverse("learning:follow_up", args=[token])


def read_follow_up_token(token: str) -> FollowUp:
    """The follow-up a link answers, with its session; else BadLink."""
    payload = FOLLOW_UP.read(token, max_age=timedelta(days=settings.LEARNING_FOLLOW_UP_LINK_DAYS))
    follow_up = (
        FollowUp.objects.select_related("session")
        .filter(
            pk=payload.get("f"),
            contact_id=payload.get("c"),
            contact__erased_at__isnull=True,
        )
        .first()
    )
    if follow_up is None or not payload.get("c"):
        raise BadLink("invalid")
    return follow_up
