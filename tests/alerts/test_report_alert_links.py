"""Linking a report to the alert it prompted, from the report's triage screen: senders of
alerts only, alerts of their districts only, once however often they post, audited both ways,
and the alert's sending screen shows how many reports are linked (never which)."""

import pytest

from alerts.models import AuditEntry, ReportAlertLink
from tests.support.board import make_board_member
from tests.support.people import make_editor
from tests.support.two_factor import verified_client

from .alert_support import grant_alert_sending, make_alert
from .helpers import make_report


def report_url(report, tail=""):
    return f"/admin/alerts/reports/{report.pk}/{tail}"


@pytest.fixture
def rugby_alert(districts):
    return make_alert([districts["Rugby"]])


def test_a_sender_links_a_report_once_however_often_they_post_and_it_is_audited(
    officer_client, police_officer, rugby_alert, districts
):
    report, _ = make_report(district=districts["Rugby"])
    form = officer_client.get(report_url(report)).content.decode()
    assert "Not linked to any alert." in form and rugby_alert.title in form

    first = officer_client.post(report_url(report, "link_alert/"), {"alert": rugby_alert.pk})
    again = officer_client.post(
        report_url(report, "link_alert/"), {"alert": rugby_alert.pk}, follow=True
    )

    assert first.status_code == 302
    assert ReportAlertLink.objects.filter(report=report, alert=rugby_alert).count() == 1
    entries = AuditEntry.objects.filter(action="alerts.report.linked_to_alert")
    assert [(e.actor, e.report_reference, e.detail) for e in entries] == [
        (police_officer, report.reference, {"alert": rugby_alert.pk})
    ]
    html = again.content.decode()
    assert f"This report was already linked to the alert “{rugby_alert.title}”." in html
    assert f"Linked to the alert “{rugby_alert.title}” by Pat Officer" in html  # its history


def test_unlinking_removes_the_link_and_is_audited(officer_client, police_officer, rugby_alert):
    report, _ = make_report()
    officer_client.post(report_url(report, "link_alert/"), {"alert": rugby_alert.pk})

    page = officer_client.post(
        report_url(report, "unlink_alert/"), {"alert": rugby_alert.pk}, follow=True
    ).content.decode()

    assert not ReportAlertLink.objects.exists()
    entry = AuditEntry.objects.get(action="alerts.report.unlinked_from_alert")
    assert entry.actor == police_officer and entry.detail == {"alert": rugby_alert.pk}
    assert f"Unlinked from the alert “{rugby_alert.title}” by Pat Officer" in page
    assert "Not linked to any alert." in page


def test_linking_without_choosing_an_alert_says_so_and_links_nothing(officer_client):
    report, _ = make_report()

    page = officer_client.post(report_url(report, "link_alert/"), {"alert": ""}, follow=True)

    assert "Choose the alert this report prompted." in page.content.decode()
    assert not ReportAlertLink.objects.exists()
    assert not AuditEntry.objects.filter(action="alerts.report.linked_to_alert").exists()


def test_an_outsider_and_a_board_member_get_the_404_of_a_missing_report(
    client, django_user_model, rugby_alert, districts
):
    report, _ = make_report(district=districts["Rugby"])
    # The outsider is an editor of the hub: in the admin, but no responder.
    for person in (make_editor("outsider"), make_board_member(django_user_model)):
        client.force_login(person)
        for pk in (report.pk, 999999):  # theirs to see or missing: the same answer
            assert client.get(f"/admin/alerts/reports/{pk}/").status_code == 404
            for action in ("link_alert", "unlink_alert"):
                url = f"/admin/alerts/reports/{pk}/{action}/"
                assert client.post(url, {"alert": rugby_alert.pk}).status_code == 404
    assert not ReportAlertLink.objects.exists()
    assert not AuditEntry.objects.filter(action__endswith="_alert").exists()


def test_only_senders_link_and_only_to_alerts_of_their_districts(
    client, rugby_responder, rugby_alert, districts
):
    warwick_alert = make_alert([districts["Warwick"]], title="Warwick graffiti", slug="graffiti")
    report, _ = make_report(district=districts["Rugby"])
    verified_client(client, rugby_responder)

    # A responder who may not send alerts sees the report but has no link form, and cannot post.
    assert "Link to the alert" not in client.get(report_url(report)).content.decode()
    refused = client.post(report_url(report, "link_alert/"), {"alert": rugby_alert.pk})
    assert refused.status_code == 404

    grant_alert_sending(rugby_responder)
    form = client.get(report_url(report)).content.decode()
    assert rugby_alert.title in form and warwick_alert.title not in form
    outside = client.post(report_url(report, "link_alert/"), {"alert": warwick_alert.pk})
    assert outside.status_code == 404
    assert not ReportAlertLink.objects.exists()


def test_the_sending_screen_counts_the_linked_reports_and_shows_none_of_them(
    officer_client, rugby_alert, districts
):
    for _ in range(2):
        report, _ = make_report(district=districts["Rugby"])
        officer_client.post(report_url(report, "link_alert/"), {"alert": rugby_alert.pk})

    html = officer_client.get(f"/admin/alerts/send-alert/{rugby_alert.pk}/").content.decode()

    assert "2 reports in the inbox are linked to this alert" in html
    assert report.reference not in html and "Graffiti targeting" not in html
