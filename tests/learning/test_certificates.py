"""Certificates: a check-in or an imported completion of a directory contact gets one, emailed
once; its personal link opens the PDF; the public verify page confirms its code with the
holder's initials, level, date and status only, and stops naming them once they are erased."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from core.models import PartnershipSettings
from events.actions import check_in_booking
from learning.certificates import (
    CODE_ALPHABET,
    confirm,
    email_due_certificates,
    format_code,
    normalise_code,
)
from learning.currency import today
from learning.imports import import_completions, start_completion_import
from learning.links import FOLLOW_UP
from learning.models import Certificate, Completion
from networks.actions.privacy import erase_contact
from tests.support.learning import booked, completion, district, organisation, person
from tests.support.learning import training_session as make_session

pytestmark = pytest.mark.django_db

CERTIFICATE_PATH = re.compile(r"/training/certificate/[^/\s\"<]+/")


@pytest.fixture(autouse=True)
def shire():
    PartnershipSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"name": "Shire Prevent Partnership", "contact_email": "prevent@shire.example"},
    )


@pytest.fixture
def governor():
    rugby = district("Rugby")
    school = organisation("Ashlawn School", sector="education", districts=[rugby])
    return person("Gita", "Governor", organisation=school, districts=[rugby])


@pytest.fixture
def wrap():
    return make_session(title="WRAP, Rugby Town Hall", level=2, days_ahead=0)  # on the day


@pytest.fixture
def checked_in(wrap, governor, django_capture_on_commit_callbacks):
    """Gita checked in at the WRAP session today; the certificate email sent."""
    booking = booked(wrap, governor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check_in_booking(booking)
    return booking


def _link(message) -> str:
    return CERTIFICATE_PATH.search(message.body).group(0)


def _verify(client, code):
    return client.post(reverse("learning:verify"), {"code": code})


def test_a_check_in_emails_one_certificate_link_and_nothing_of_the_record(checked_in):
    certificate = Certificate.objects.get()
    assert certificate.email == Certificate.Email.SENT and certificate.delivery is not None
    (message,) = mail.outbox
    assert message.to == ["Gita Governor <gita.governor@example.org>"]
    assert message.subject == "Your Prevent training certificate"
    html = message.alternatives[0][0]
    path = _link(message)
    for part in (message.body, html):
        assert path in part
        assert "Level 2: WRAP face-to-face workshop" in part
        assert "checked in at a training session by Shire Prevent Partnership" in part
        # Not the code, the organisation or anything else of the record.
        assert certificate.code not in part and format_code(certificate.code) not in part
        assert "Ashlawn" not in part
    # The token is sealed (core.sealing): it says nothing, no id, no address.
    token = path.split("/")[3]
    assert token.startswith("s1:") and "gita" not in token.lower()


def test_checking_in_twice_or_undoing_and_redoing_it_emails_once_and_keeps_the_code(
    checked_in, django_capture_on_commit_callbacks
):
    code = Certificate.objects.get().code
    with django_capture_on_commit_callbacks(execute=True):
        check_in_booking(checked_in)  # a second tap
        check_in_booking(checked_in, attended=False)  # a mistaken check-in undone …
        assert confirm(code) is None  # … confirms nothing while undone
        check_in_booking(checked_in)  # … and made again
        email_due_certificates()  # the beat sweep finds nothing owed

    assert len(mail.outbox) == 1
    certificate = Certificate.objects.get()
    assert certificate.code == code and certificate.completion == Completion.objects.get()
    assert confirm(code) is not None


def test_the_link_opens_the_certificate_page_and_its_pdf(client, checked_in, wrap):
    path = _link(mail.outbox[0])
    certificate = Certificate.objects.get()

    page = client.get(path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    body = page.content.decode()
    assert "Gita Governor" in body and format_code(certificate.code) in body

    response = client.get(path + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    day = today()
    expiry = day.replace(year=day.year + 3) if (day.month, day.day) != (2, 29) else None
    shown = [
        "Shire Prevent Partnership",
        "Gita Governor",
        "Level 2: WRAP face-to-face workshop",
        "WRAP, Rugby Town Hall",
        f"{day:%-d %B %Y}",
        format_code(certificate.code),
    ]
    # All there, in reading order: who issues it, of whom, what, where, when, the code.
    assert [text.find(s) for s in shown] == sorted(text.find(s) for s in shown)
    assert -1 not in [text.find(s) for s in shown]
    if expiry:
        assert f"Expires on {expiry:%-d %B %Y}" in text
    # Accessible: a tagged PDF with its title and language.
    assert (
        pdf.metadata.title == "Certificate of Prevent training: Gita Governor, Level 2: WRAP "
        "face-to-face workshop"
    )
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


@pytest.mark.parametrize("case", ["expired", "forged", "other purpose", "erased"])
def test_a_bad_certificate_link_opens_nothing(client, checked_in, governor, monkeypatch, case):
    path = _link(mail.outbox[0])
    token = path.split("/")[3]
    certificate = Certificate.objects.get()
    if case == "expired":
        import time

        later = time.time() + (90 * 86400 + 60)
        monkeypatch.setattr(time, "time", lambda: later)
        expected = 410
    elif case == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        expected = 404
    elif case == "other purpose":
        # A genuine token of the questionnaire, naming the same row and person.
        token = FOLLOW_UP.make({"k": certificate.pk, "c": governor.pk, "f": certificate.pk})
        expected = 404
    else:
        erase_contact(governor)
        expected = 404

    for url in (f"/training/certificate/{token}/", f"/training/certificate/{token}/pdf/"):
        response = client.get(url)
        assert response.status_code == expected
        assert "Gita" not in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    if case == "expired":
        assert "This link has expired" in response.content.decode()


def test_the_verify_page_confirms_a_valid_code_with_initials_level_date_and_status_only(
    client, checked_in
):
    certificate = Certificate.objects.get()
    typed = format_code(certificate.code).lower().replace("0", "o")  # as somebody might type it

    body = _verify(client, typed).content.decode()

    assert "is genuine" in body
    assert "G. G." in body
    assert "Level 2: WRAP face-to-face workshop" in body
    assert f"{today():%-d %B %Y}" in body
    assert "Valid (expires on" in body
    for private in ("Gita", "Governor", "Ashlawn", "Rugby", "gita.governor"):
        assert private not in body


def test_the_verify_page_says_an_old_certificate_has_expired(client, governor):
    old = completion(1, dt.date(2019, 5, 4), contact=governor)
    with_certificate = Certificate.objects.create(
        completion=old, issued_for=f"completion:{old.pk}", code="7KQ4M2XH9P"
    )

    body = _verify(client, format_code(with_certificate.code)).content.decode()

    assert "is genuine" in body and "Expired on 4 May 2022" in body and "G. G." in body


def test_a_made_up_code_and_an_erased_persons_code_get_the_same_answer(client, checked_in):
    certificate = Certificate.objects.get()
    made_up = "ZZZZZ-ZZZZZ" if certificate.code != "ZZZZZZZZZZ" else "YYYYY-YYYYY"

    unknown = _verify(client, made_up).content.decode()
    assert "We cannot confirm certificate" in unknown and "is genuine" not in unknown

    erase_contact(Completion.objects.get().contact)
    erased = _verify(client, certificate.code).content.decode()
    assert "We cannot confirm certificate" in erased
    assert "G. G." not in erased and "Level 2" not in erased
    assert confirm(certificate.code) is None


def test_a_code_that_cannot_be_one_is_an_error_on_the_field(client):
    response = _verify(client, "not a code")

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Enter the code as it is printed" in body


def test_the_verify_page_is_rate_limited_per_client(client, settings):
    settings.LEARNING_VERIFY_PER_HOUR = 3
    for _ in range(3):
        assert _verify(client, "ZZZZZ-ZZZZZ").status_code == 200

    refused = _verify(client, "ZZZZZ-ZZZZZ")

    assert refused.status_code == 429
    assert "Too many checks" in refused.content.decode()


def test_codes_are_ten_characters_of_an_unambiguous_alphabet(checked_in):
    code = Certificate.objects.get().code
    assert len(code) == 10 and set(code) <= set(CODE_ALPHABET)
    assert not set("ILOU") & set(CODE_ALPHABET)
    assert normalise_code(" 7kq4m - 2xh9p ") == "7KQ4M2XH9P"
    assert normalise_code("OIL") is None


def _import(rows: str, django_capture_on_commit_callbacks, *, dry_run=False):
    job = start_completion_import("elearning.csv", rows.encode())
    mapping = {"Name": "full_name", "Email": "email", "Completed": "completed_on"}
    with django_capture_on_commit_callbacks(execute=True):
        return import_completions(job, mapping=mapping, level=1, dry_run=dry_run)


def test_an_imported_completion_of_a_contact_is_emailed_once_and_nobody_elses(
    governor, django_capture_on_commit_callbacks
):
    recent = today() - dt.timedelta(days=30)
    rows = (
        "Name,Email,Completed\n"
        f"Gita Governor,gita.governor@example.org,{recent}\n"
        f"Gita Governor,gita.governor@example.org,2019-05-04\n"  # expired: issued, not emailed
        f"Una Known,una@elsewhere.example,{recent}\n"  # not a contact: no certificate
    )
    mail.outbox.clear()

    checked = _import(rows, django_capture_on_commit_callbacks, dry_run=True)
    assert checked.counts["certificates"] == 2 and checked.counts["certificates_emailed"] == 1
    assert not Certificate.objects.exists() and not mail.outbox

    done = _import(rows, django_capture_on_commit_callbacks)
    again = _import(rows, django_capture_on_commit_callbacks)  # the same file again

    assert done.counts["certificates"] == 2 and again.counts.get("certificates", 0) == 0
    assert Certificate.objects.count() == 2
    assert Certificate.objects.filter(email=Certificate.Email.NOT_SENT).get().email_note
    (message,) = mail.outbox
    assert message.to == ["Gita Governor <gita.governor@example.org>"]
    assert "your training was recorded by Shire Prevent Partnership" in message.body
    assert "Level 1: e-learning" in message.alternatives[0][0]


def test_an_email_whose_hand_over_was_lost_is_sent_by_the_sweep_once(
    wrap, governor, django_capture_on_commit_callbacks
):
    booking = booked(wrap, governor)
    check_in_booking(booking)  # committed, but the task never ran (broker down)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=certificate.issued_at - dt.timedelta(minutes=5)
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert email_due_certificates() == 1
        assert email_due_certificates() == 0

    assert len(mail.outbox) == 1


def test_subject_access_lists_the_certificates(client, coordinator, checked_in, governor):
    import json

    client.force_login(coordinator)
    response = client.get(reverse("networks_admin:subject_access", args=[governor.pk]))

    (row,) = json.loads(response.content)["training_certificates"]
    assert row["code"] == format_code(Certificate.objects.get().code)
    assert row["level"] == 2 and row["email"] == "Emailed"


def test_the_contact_page_lists_the_certificate_for_staff_who_may_see_the_contact(
    client, coordinator, checked_in, governor
):
    from networks.models import District
    from tests.support.people import make_district_lead

    certificate = Certificate.objects.get()
    download = reverse("learning_admin:certificate", args=[certificate.pk])
    client.force_login(coordinator)

    page = client.get(reverse("wagtailsnippets_networks_contact:inspect", args=[governor.pk]))
    body = page.content.decode()
    assert "Training certificates" in body and format_code(certificate.code) in body
    assert download in body
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    # The cell a contact's training list gives each completion (learning.currency.Held).
    from django.template.loader import render_to_string

    from learning.currency import training_of

    (held,) = training_of(governor)
    cell = render_to_string("learning/includes/certificate_cell.html", {"held": held})
    assert download in cell and format_code(certificate.code) in cell

    elsewhere = make_district_lead([District.objects.create(name="Stratford")])
    client.force_login(elsewhere)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code in (302, 404)  # the admin's sign-in, or nothing


def test_a_completion_without_a_name_gets_no_certificate(django_capture_on_commit_callbacks):
    from learning.certificates import issue_certificates

    nameless = person("", "", email="someone@example.org")
    held = completion(1, today(), contact=nameless, person_name="")

    with django_capture_on_commit_callbacks(execute=True):
        assert issue_certificates([held]) == []
    assert not Certificate.objects.exists()
