"""Only responders see reports; scoped responders only their districts; 2FA is required."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from alerts.access import reports_for_user
from alerts.models import AuditEntry
from tests.support.people import make_responder
from tests.support.two_factor import KNOWN_KEY, password_only_login, totp_token, verified_client

from .helpers import make_report

REPORT_URLS = [
    "/admin/alerts/reports/{pk}/",
    "/admin/alerts/attachments/{attachment}/",
]


def test_a_scoped_responder_sees_only_reports_of_their_districts(
    client, rugby_responder, districts
):
    rugby, _ = make_report(district=districts["Rugby"])
    warwick, _ = make_report(district=districts["Warwick"])
    unknown, _ = make_report()
    verified_client(client, rugby_responder)

    inbox = client.get("/admin/alerts/").content.decode()
    assert rugby.reference in inbox
    assert warwick.reference not in inbox and unknown.reference not in inbox
    assert client.get(f"/admin/alerts/reports/{rugby.pk}/").status_code == 200
    # Outside their districts: the same 404 as a report that does not exist.
    outside = client.get(f"/admin/alerts/reports/{warwick.pk}/")
    missing = client.get("/admin/alerts/reports/999999/")
    assert outside.status_code == missing.status_code == 404
    assert (
        client.post(f"/admin/alerts/reports/{warwick.pk}/note/", {"body": "x"}).status_code == 404
    )
    assert not warwick.messages.exists()


def test_a_scoped_responder_cannot_download_or_export_outside_their_districts(
    client, rugby_responder, districts
):
    from alerts.models import ReportAttachment

    from .test_attachments import pdf_bytes

    warwick, _ = make_report(district=districts["Warwick"])
    attachment = ReportAttachment(report=warwick, content_type="application/pdf", size=10)
    from django.core.files.base import ContentFile

    attachment.file.save("upload", ContentFile(pdf_bytes()), save=True)
    verified_client(client, rugby_responder)

    assert client.get(f"/admin/alerts/attachments/{attachment.pk}/").status_code == 404
    export = client.get("/admin/alerts/export.csv?state=all")
    assert warwick.reference not in b"".join(export.streaming_content).decode()
    assert not AuditEntry.objects.filter(action="alerts.attachment.downloaded").exists()


@pytest.mark.parametrize("who", ["outsider", "coordinator"])
def test_people_outside_the_responders_group_see_nothing(client, demo_site, request, who):
    """An editor with no role, and even a superuser who is not a responder."""
    user = request.getfixturevalue(who)
    report, _ = make_report()
    TOTPDevice.objects.create(user=user, name="phone", key=KNOWN_KEY, confirmed=True)
    verified_client(client, user)

    for url in (
        "/admin/alerts/",
        f"/admin/alerts/reports/{report.pk}/",
        "/admin/alerts/export.csv",
    ):
        assert client.get(url).status_code in (302, 403, 404), url
        assert report.reference not in client.get(url).content.decode()
    assert client.post(
        f"/admin/alerts/reports/{report.pk}/state/", {"state": "closed"}
    ).status_code in (302, 403, 404)
    assert reports_for_user(user).count() == 0
    assert "Reports inbox" not in client.get("/admin/").content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client, demo_site):
    report, _ = make_report()

    response = client.get(f"/admin/alerts/reports/{report.pk}/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_responder_without_a_second_factor_is_sent_to_set_one_up(
    client, demo_site, django_user_model, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    user = make_responder("new.responder")
    TOTPDevice.objects.filter(user=user).delete()
    password_only_login(client, user)

    response = client.get("/admin/alerts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")
    setup = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode() in setup
    assert "otpauth://totp/" in setup
    assert "data:image/svg+xml;base64," in setup

    wrong = client.post(response["Location"], {"token": "000000"})
    assert "did not match" in wrong.content.decode()
    done = client.post(response["Location"], {"token": totp_token(device)})

    assert done.status_code == 200 and "recovery codes" in done.content.decode()
    assert 'href="/admin/alerts/"' in done.content.decode()
    assert client.get("/admin/alerts/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_responder_signed_in_with_a_password_only_must_enter_a_code(
    client, police_officer, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    report, _ = make_report()
    password_only_login(client, police_officer)

    response = client.get(f"/admin/alerts/reports/{report.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/verify/")
    assert not AuditEntry.objects.filter(action="alerts.report.viewed").exists()
    bad = client.post(response["Location"], {"token": "123456"})
    assert "did not match" in bad.content.decode()
    device = TOTPDevice.objects.get(user=police_officer)
    ok = client.post(response["Location"], {"token": totp_token(device)})
    assert ok["Location"] == f"/admin/alerts/reports/{report.pk}/"
    assert client.get(ok["Location"]).status_code == 200


def test_the_verify_page_does_not_redirect_off_site(client, police_officer):
    password_only_login(client, police_officer)
    device = TOTPDevice.objects.get(user=police_officer)

    response = client.post(
        "/admin/2fa/verify/?next=https://evil.example/", {"token": totp_token(device)}
    )

    assert response["Location"] == "/admin/"


def test_the_menu_shows_responders_the_count_of_new_reports(officer_client, districts):
    make_report(district=districts["Rugby"])
    make_report()

    html = officer_client.get("/admin/").content.decode()

    assert "Reports inbox (2 new)" in html
    assert "2 new reports waiting for acknowledgement" in html
