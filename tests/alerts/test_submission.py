"""Submitting a report, keeping the receipt, and coming back with it."""

import pytest
from django.core import mail

from alerts.models import AuditEntry, Outbox, Report
from alerts.receipts import hash_receipt, normalise_receipt

from .helpers import form_data, make_report, receipt_from


def test_yes_to_immediate_danger_stops_the_form_and_shows_the_999_guidance(client, demo_site):
    response = client.post(
        "/report/", {"danger": "yes", "individual": "no", "online_material": "no"}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/report/danger/"
    assert "Call 999 now" in html
    assert "If someone is in immediate danger, call 999." in html
    assert 'action="/report/new/"' not in html
    assert "<textarea" not in html


def test_a_concern_about_one_person_is_steered_to_the_safeguarding_referral(client, demo_site):
    response = client.post(
        "/report/", {"danger": "no", "individual": "yes", "online_material": "no"}, follow=True
    )

    html = response.content.decode()
    assert "https://example.org/safeguarding/make-a-referral" in html
    assert "do not write the person" in html
    assert "<textarea" not in html


def test_online_terrorist_material_is_sent_to_the_national_reporting_page(client, demo_site):
    response = client.post(
        "/report/", {"danger": "no", "individual": "no", "online_material": "yes"}, follow=True
    )

    assert "https://www.gov.uk/report-terrorism" in response.content.decode()


def test_the_referral_links_come_from_the_partnership_settings(client, demo_site):
    from core.models import PartnershipSettings

    PartnershipSettings.objects.filter(site=demo_site).update(
        safeguarding_referral_url="https://example.net/another-referral-route"
    )

    html = client.get("/report/one-person/").content.decode()

    assert "https://example.net/another-referral-route" in html


def test_unanswered_questions_are_listed_in_an_error_summary_linked_to_the_fields(
    client, demo_site
):
    response = client.post("/report/", {"danger": "no"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_individual_0"' in html
    assert 'id="id_individual_0"' in html


def test_no_to_every_question_leads_to_the_form(client, demo_site):
    response = client.post(
        "/report/", {"danger": "no", "individual": "no", "online_material": "no"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/report/new/"
    assert "Tell us what happened" in client.get("/report/new/").content.decode()


def test_an_anonymous_person_reports_and_gets_a_reference_and_a_receipt_code(client, demo_site):
    response = client.post("/report/new/", form_data())

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    receipt = receipt_from(html)
    report = Report.objects.get()
    assert report.reference in html
    assert "We cannot show it again" in html
    # Only the keyed hash is stored: the code itself appears nowhere in the row.
    assert report.receipt_hash == hash_receipt(receipt)
    assert normalise_receipt(receipt) not in str(Report.objects.values().get())
    assert report.submitter_name == "" and report.contact_email == ""
    assert report.submitted_by is None


def test_a_receipt_code_has_at_least_80_bits_and_folds_look_alike_characters(db):
    from alerts.receipts import ALPHABET, new_receipt_code

    code = new_receipt_code()
    raw = code.replace("-", "")
    assert len(raw) * 5 >= 80 and len(ALPHABET) == 32
    assert not set(raw) & set("ILOU")
    typed = raw.lower().replace("0", "o").replace("1", "l")
    assert hash_receipt(typed) == hash_receipt(code)


def test_the_person_returns_with_the_receipt_and_reads_replies_but_not_internal_notes(
    client, police_officer
):
    report, receipt = make_report()
    from alerts import actions

    actions.send_reply(report, police_officer, "Thank you, we are speaking to the venue.")
    actions.add_internal_note(report, police_officer, "Possible link to the earlier incident.")

    response = client.post("/report/return/", {"receipt": receipt.lower()}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/report/r/{report.reference}/"
    assert "Thank you, we are speaking to the venue." in html
    assert "Possible link to the earlier incident." not in html
    assert "Graffiti targeting a community centre" in html


def test_the_person_adds_information_to_their_report(client, demo_site):
    report, receipt = make_report()
    client.post("/report/return/", {"receipt": receipt})

    response = client.post(
        f"/report/r/{report.reference}/", {"body": "It happened again on Monday."}, follow=True
    )

    assert "It happened again on Monday." in response.content.decode()
    assert report.messages.get().kind == "submitter"
    assert AuditEntry.objects.filter(action="alerts.report.submitter_added").count() == 1


def test_a_report_cannot_be_opened_without_its_receipt_or_link(client, demo_site):
    report, _receipt = make_report()

    assert client.get(f"/report/r/{report.reference}/").status_code == 404
    assert client.get("/report/r/R-NOSUCH/").status_code == 404


def test_a_wrong_receipt_is_refused_and_repeated_wrong_receipts_lock_the_connection_out(
    client, demo_site, settings
):
    settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT = 3
    report, receipt = make_report()

    first = client.post("/report/return/", {"receipt": "AAAA-BBBB-CCCC-DDDD"})
    assert first.status_code == 400
    assert "could not find a report with that receipt code" in first.content.decode()
    assert "2 more tries" in first.content.decode()
    client.post("/report/return/", {"receipt": "AAAA-BBBB-CCCC-DDDE"})
    third = client.post("/report/return/", {"receipt": "AAAA-BBBB-CCCC-DDDF"})

    assert third.status_code == 429
    assert "too many wrong receipt codes" in third.content.decode()
    # Locked out even with the right code now, and the page says so.
    locked = client.post("/report/return/", {"receipt": receipt})
    assert locked.status_code == 429
    assert report.pk not in client.session.get("alerts_reports", [])


def test_the_lock_out_is_per_connection(client, demo_site, settings):
    settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT = 2
    report, receipt = make_report()
    for code in ("AAAA-BBBB-CCCC-DDDD", "AAAA-BBBB-CCCC-DDDE"):
        client.post("/report/return/", {"receipt": code}, REMOTE_ADDR="203.0.113.9")

    response = client.post("/report/return/", {"receipt": receipt}, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302


def test_a_malformed_receipt_gets_a_clear_message_and_counts_as_a_wrong_try(client, demo_site):
    response = client.post("/report/return/", {"receipt": "hello"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "16 letters and numbers" in html
    assert 'value="hello"' in html


def test_submissions_are_rate_limited_per_connection(client, demo_site, settings):
    settings.ALERTS_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/report/new/", form_data()).status_code == 200

    response = client.post("/report/new/", form_data())

    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client, demo_site):
    response = client.post("/report/new/", form_data(website_url="http://spam.example"))

    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_form_with_a_problem_keeps_everything_typed_and_links_errors_to_fields(client, demo_site):
    data = form_data(description="", location="Corner of Mill Lane", district="")

    response = client.post("/report/new/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_description"' in html and 'href="#id_district"' in html
    assert 'value="Corner of Mill Lane"' in html
    assert 'aria-describedby="id_description_helptext id_description_error"' in html
    assert Report.objects.count() == 0


def test_the_description_is_limited_to_10000_characters(client, demo_site):
    response = client.post("/report/new/", form_data(description="x" * 10_001))

    assert response.status_code == 400
    assert Report.objects.count() == 0
    assert client.post("/report/new/", form_data(description="x" * 10_000)).status_code == 200


def test_posting_the_same_form_twice_stores_one_report(client, demo_site):
    data = form_data()
    client.post("/report/new/", data)

    second = client.post("/report/new/", data)

    assert Report.objects.count() == 1
    assert "already received" in second.content.decode()


def test_nothing_a_submitter_typed_is_rendered_as_html(client, police_officer):
    report, receipt = make_report(
        description='<script>alert("x")</script>\n<b>bold</b>', location="<img src=x onerror=1>"
    )
    client.post("/report/return/", {"receipt": receipt})

    html = client.get(f"/report/r/{report.reference}/").content.decode()

    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert" in html
    assert "<img src=x" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_named_person_asks_for_a_link_by_email_which_holds_only_the_link(
    client, demo_site, django_capture_on_commit_callbacks
):
    response = client.post(
        "/report/new/",
        form_data(
            submitter_name="Sam Shopkeeper",
            contact_email="Sam@Example.org",
            notify_on_reply="on",
            description="Stickers with a hateful slogan keep appearing on my shop window.",
        ),
    )
    report = Report.objects.get()
    assert "Email me a link" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/report/r/{report.reference}/email-link/")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html_part = message.alternatives[0][0]
    assert message.to == ["sam@example.org"]
    for part in (message.body, html_part):
        assert "/report/link/" in part
        assert "Stickers" not in part and "hateful" not in part and "Sam" not in part
        assert report.reference not in part
    link = message.body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    other = client.__class__()
    opened = other.get(link, follow=True)
    assert opened.redirect_chain[-1][0] == f"/report/r/{report.reference}/"
    assert "Stickers with a hateful slogan" in opened.content.decode()


def test_a_forged_or_tampered_email_link_does_not_open_the_report(client, demo_site):
    from alerts.links import make_report_token

    report, _ = make_report(contact_email="sam@example.org")
    token = make_report_token(report)

    assert client.get(f"/report/link/{token[:-2]}xx/").status_code == 404
    assert client.get("/report/link/not-a-token/").status_code == 404
    assert report.pk not in client.session.get("alerts_reports", [])


def test_an_email_link_sent_before_links_moved_to_core_still_opens_the_report(client, demo_site):
    import hashlib

    from django.core import signing

    report, _ = make_report(contact_email="sam@example.org")
    digest = hashlib.sha256(f"{report.pk}:{report.contact_email}".encode()).hexdigest()[:16]
    token = signing.dumps(
        {"r": report.pk, "f": digest}, salt="alerts.report.return-link", compress=True
    )
    opened = client.get(f"/report/link/{token}/", follow=True)
    assert opened.redirect_chain[-1][0] == f"/report/r/{report.reference}/"


def test_an_expired_email_link_says_so(client, demo_site, monkeypatch):
    from datetime import timedelta

    from alerts import links

    report, _ = make_report(contact_email="sam@example.org")
    token = links.make_report_token(report)
    monkeypatch.setattr(links, "MAX_AGE", timedelta(seconds=-1))

    response = client.get(f"/report/link/{token}/")

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_asking_for_an_email_link_without_an_address_is_explained(client, demo_site):
    client.post("/report/new/", form_data())
    report = Report.objects.get()

    response = client.post(f"/report/r/{report.reference}/email-link/", follow=True)

    assert "no email address" in response.content.decode()
    assert len(mail.outbox) == 0
    assert not Outbox.objects.filter(kind="submitter_link").exists()


def test_a_signed_in_partner_sees_their_own_report_without_the_receipt(client, demo_site, outsider):
    client.force_login(outsider)
    client.post("/report/new/", form_data())
    report = Report.objects.get()
    assert report.submitted_by == outsider
    client.session.flush()
    client.force_login(outsider)

    assert client.get(f"/report/r/{report.reference}/").status_code == 200


@pytest.mark.parametrize("path", ["/report/", "/report/new/", "/report/return/"])
def test_report_pages_carry_the_strict_content_security_policy(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
