"""Certificates of completion: issued after a check-in at a training session or an imported
completion, emailed once, downloaded as a PDF from the holder's personal link, and confirmed by
their code on the public verify page.

Only a directory contact's completion gets a certificate. A person imported without a contact
"never agreed to be mailed" (`learning.imports`), so no email, and no personal link, can reach
them; and subject access and erasure work through the contact, so a certificate always has a
person who can ask for it, or have it withdrawn. Every check-in is a contact's (an invitation's).

A certificate is issued for each such completion; its email is due only when the completion is
in date on the day it is recorded (an import of last decade's e-learning does not mail anyone
certificates of expired training). Expiry is `learning.currency`'s, as everywhere else.

The email is sent after commit by `learning.email_certificates` (and, should the hand-over be
lost, by the beat sweep): one email per certificate, because the row is locked and marked sent
in the transaction that creates the email's Delivery.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from core.partnership import partnership
from core.pdf import render_pdf
from core.queue import enqueue_many_on_commit
from sending.engine import MessageContent, send_to_contact
from sending.models import SendKind

from .currency import expires_on, is_in_date, today, validity_years
from .levels import Level
from .links import certificate_url
from .models import Certificate, Completion

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper comes out
# right; 10 characters are 50 random bits (about 10^15 codes), and the verify page allows a
# client a few look-ups an hour.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
# The sweep leaves a certificate this long to the task its commit handed it to.
EMAIL_GRACE = timedelta(minutes=2)
NOT_IN_DATE = "Not emailed: the training was no longer in date when it was recorded."


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """As printed: two groups of five (7KQ4M-2XH9P)."""
    return f"{code[:5]}-{code[5:]}"


def normalise_code(typed: str) -> str | None:
    """The code someone typed, as stored: upper case, without spaces or dashes, O read as 0 and
    I or L as 1. None when it cannot be a code."""
    code = "".join((typed or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def _issued_for(completion: Completion) -> str:
    if completion.booking_id:
        return f"booking:{completion.booking_id}"
    return f"completion:{completion.pk}"


def issue_certificates(completions) -> list[Certificate]:
    """Issue, in the caller's transaction, the certificate of each completion of a directory
    contact that has none, and hand the due emails to `learning.email_certificates` on commit.
    A completion without a name gets none (a certificate names its holder).

    One certificate per `issued_for` (the database's unique key): a check-in undone and made
    again gets its first certificate back, with its code, and no second email. Returns the
    certificates issued now."""
    wanted = {
        _issued_for(c): c
        for c in completions
        if c.contact_id and c.erased_at is None and c.person_name.strip()
    }
    if not wanted:
        return []
    for certificate in Certificate.objects.filter(issued_for__in=list(wanted)):
        completion = wanted.pop(certificate.issued_for)
        if certificate.completion_id is None:
            certificate.completion = completion
            certificate.save(update_fields=["completion"])
    if not wanted:
        return []
    years, on = validity_years(), today()
    issued = []
    for key, completion in wanted.items():
        due = is_in_date(completion.level, completion.completed_on, on, years)
        issued.append(
            Certificate(
                completion=completion,
                issued_for=key,
                email=Certificate.Email.DUE if due else Certificate.Email.NOT_SENT,
                email_note="" if due else NOT_IN_DATE,
            )
        )
    _create_with_codes(issued)
    from .tasks import email_certificates

    due = [c.pk for c in issued if c.email == Certificate.Email.DUE]
    if due:
        enqueue_many_on_commit(email_certificates, [(due,)])
    return issued


def _create_with_codes(certificates: list[Certificate], attempts: int = 3) -> None:
    """Insert with fresh codes; two codes meeting (one chance in 10^15 a pair) draw again."""
    for attempt in range(attempts):
        for certificate in certificates:
            certificate.code = new_code()
        try:
            with transaction.atomic():
                Certificate.objects.bulk_create(certificates)
            return
        except IntegrityError:
            if attempt == attempts - 1:
                raise


# --- Email ---------------------------------------------------------------------------------


def render_certificate_email(certificate: Certificate) -> MessageContent:
    """The email: the level, the day and the personal link; nothing else of the completion
    (not the organisation, not the code, not the expiry: they are on the certificate)."""
    completion = certificate.completion
    context = {
        "partnership": partnership().name,
        "contact": completion.contact,
        "level": Level(completion.level).label,
        "completed_on": completion.completed_on,
        "attended": completion.source == Completion.Source.ATTENDANCE,
        "url": certificate_url(certificate),
        "days": settings.LEARNING_CERTIFICATE_LINK_DAYS,
        "verify_url": settings.SITE_URL + reverse("learning:verify"),
    }
    html = render_to_string("learning/email/certificate.html", context)
    text = render_to_string("learning/email/certificate.txt", context)
    return MessageContent(subject="Your Prevent training certificate", html=html, text=text)


def email_certificate(certificate_id: int):
    """Email one certificate that still owes its email, once: the row is locked and marked sent
    in the transaction that creates the email's Delivery, so another run (a retried task, the
    sweep) finds nothing due. A certificate whose completion was removed or erased meanwhile is
    marked not emailed. Returns the Delivery, or None."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(pk=certificate_id, email=Certificate.Email.DUE)
            .first()
        )
        if certificate is None:
            return None  # emailed already, or being emailed by another worker now
        completion = (
            Completion.objects.select_related("contact")
            .filter(pk=certificate.completion_id, erased_at__isnull=True)
            .first()
        )
        if completion is None or completion.contact is None or completion.contact.erased_at:
            certificate.email = Certificate.Email.NOT_SENT
            certificate.email_note = "Not emailed: the completion was removed before it was sent."
            certificate.save(update_fields=["email", "email_note"])
            return None
        certificate.completion = completion
        delivery = send_to_contact(
            render_certificate_email(certificate),
            completion.contact,
            "",
            kind=SendKind.NOTIFICATION,
            source=certificate,
        )
        certificate.email, certificate.emailed_at = Certificate.Email.SENT, timezone.now()
        certificate.delivery = delivery
        certificate.save(update_fields=["email", "emailed_at", "delivery"])
        log(
            instance=certificate,
            action="learning.certificate.emailed",
            data={"certificate": certificate.pk, "delivery": delivery.pk},
        )
    return delivery


def email_due_certificates(ids=None, *, now=None) -> int:
    """Email the certificates `ids` (the task's hand-over after commit) or, without ids (beat's
    sweep), every certificate still due after EMAIL_GRACE. Returns how many were emailed."""
    due = Certificate.objects.filter(email=Certificate.Email.DUE)
    if ids is not None:
        due = due.filter(pk__in=ids)
    else:
        due = due.filter(issued_at__lte=(now or timezone.now()) - EMAIL_GRACE)
    return sum(1 for pk in due.order_by("pk").values_list("pk", flat=True) if email_certificate(pk))


# --- The certificate itself ------------------------------------------------------------------


def certificate_context(certificate: Certificate) -> dict:
    """What the certificate shows: the partnership, the person, the level, the session (or the
    course), the day, the expiry and the code with where to check it."""
    completion = certificate.completion
    ends = expires_on(completion.level, completion.completed_on)
    return {
        "partnership": partnership().name,
        "person": completion.person_name,
        "level": Level(completion.level).label,
        "session": completion.session.title if completion.session_id else "",
        "course": completion.course,
        "completed_on": completion.completed_on,
        "expires_on": ends,
        "in_date": is_in_date(completion.level, completion.completed_on),
        "code": format_code(certificate.code),
        "verify_url": settings.SITE_URL + reverse("learning:verify"),
    }


def certificate_html(certificate: Certificate) -> str:
    return render_to_string("learning/certificate_document.html", certificate_context(certificate))


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a tagged PDF (title, language, headings in reading order)."""
    return render_pdf(certificate_html(certificate))


def certificate_filename(certificate: Certificate) -> str:
    completion = certificate.completion
    return f"prevent-certificate-level-{completion.level}-{completion.completed_on}.pdf"


def certificate_response(certificate: Certificate) -> HttpResponse:
    """The PDF as a download, never cached (its holder's link and the staff page serve it)."""
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Verify ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """All the verify page says of a certificate."""

    initials: str
    level: str
    completed_on: date
    expires_on: date
    in_date: bool


def initials(name: str) -> str:
    """ "Gita Governor" → "G. G."; the first letter of each word of the name."""
    letters = [word[0].upper() for word in name.split() if word[0].isalpha()]
    return " ".join(f"{letter}." for letter in letters)


def confirm(code: str) -> Confirmation | None:
    """The confirmation of the certificate with this (normalised) code, or None: no such code,
    its completion removed, or its person erased — the same None for each, so the page says
    nothing about which."""
    certificate = (
        Certificate.objects.select_related("completion")
        .filter(
            code=code,
            completion__erased_at__isnull=True,
            completion__contact__isnull=False,
            completion__contact__erased_at__isnull=True,
        )
        .first()
    )
    if certificate is None:
        return None
    completion = certificate.completion
    shown = initials(completion.person_name)
    if not shown:
        return None
    ends = expires_on(completion.level, completion.completed_on)
    return Confirmation(
        initials=shown,
        level=Level(completion.level).label,
        completed_on=completion.completed_on,
        expires_on=ends,
        in_date=is_in_date(completion.level, completion.completed_on),
    )
