"""Triage in the Wagtail admin: inbox, states, notes, replies, assignment, downloads, export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alerts import actions
from alerts.models import AuditEntry, Report, State

from .helpers import form_data, make_report
from .test_attachments import pdf_bytes


def test_the_inbox_lists_open_reports_and_counts_the_unacknowledged(officer_client, districts):
    first, _ = make_report(district=districts["Warwick"])
    second, _ = make_report(district=districts["Rugby"], kind="venue")
    done, _ = make_report()
    actions.change_report_state(done, None, State.CLOSED, "nfa")

    html = officer_client.get("/admin/alerts/").content.decode()

    assert first.reference in html and second.reference in html
    assert done.reference not in html
    assert "2 new reports" in html
    # No report text in the list: only opening a report (audited) shows it.
    assert "Graffiti" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=venue", {"venue"}),
        ("state=all", {"tension", "venue", "closed"}),
        ("state=closed", {"closed"}),
        ("urgency=urgent", {"tension"}),
        ("assignee=me", {"venue"}),
        ("age=older30", set()),
    ],
)
def test_the_inbox_filters(officer_client, police_officer, districts, query, expected):
    tension, _ = make_report(district=districts["Warwick"])  # urgent by the demo routing rule
    venue, _ = make_report(district=districts["Rugby"], kind="venue")
    closed, _ = make_report(kind="other")
    actions.change_report_state(closed, police_officer, State.CLOSED, "nfa")
    actions.assign_report(venue, police_officer, assignee=police_officer)
    names = {tension.reference: "tension", venue.reference: "venue", closed.reference: "closed"}

    html = officer_client.get(f"/admin/alerts/?{query}").content.decode()

    assert {name for ref, name in names.items() if ref in html} == expected


def test_the_district_filter_and_the_unknown_area(officer_client, districts):
    rugby, _ = make_report(district=districts["Rugby"])
    unknown, _ = make_report()

    html = officer_client.get(f"/admin/alerts/?district={districts['Rugby'].pk}").content.decode()
    assert rugby.reference in html and unknown.reference not in html
    html = officer_client.get("/admin/alerts/?district=unknown").content.decode()
    assert unknown.reference in html and rugby.reference not in html


def test_opening_a_report_shows_it_and_is_audited(officer_client, police_officer):
    report, _ = make_report()

    html = officer_client.get(f"/admin/alerts/reports/{report.pk}/").content.decode()

    assert "Graffiti targeting a community centre" in html
    entry = AuditEntry.objects.filter(action="alerts.report.viewed").get()
    assert entry.actor == police_officer and entry.report_reference == report.reference


def test_states_move_from_new_to_closed_with_an_outcome(officer_client, police_officer):
    report, _ = make_report()
    url = f"/admin/alerts/reports/{report.pk}/"

    officer_client.post(url + "state/", {"state": "acknowledged"})
    officer_client.post(url + "state/", {"state": "in_progress"})
    refused = officer_client.post(url + "state/", {"state": "closed"}, follow=True)
    assert "Choose the outcome" in refused.content.decode()
    assert Report.objects.get().state == "in_progress"
    officer_client.post(url + "state/", {"state": "closed", "outcome": "police"})

    report.refresh_from_db()
    assert report.state == "closed" and report.outcome == "police"
    assert report.acknowledged_at and report.closed_at
    changes = AuditEntry.objects.filter(action="alerts.report.state_changed").order_by("at")
    assert [e.detail["state"] for e in changes] == ["acknowledged", "in_progress", "closed"]


def test_a_reply_is_shown_to_the_submitter_and_a_note_never_is(officer_client, client):
    report, receipt = make_report()
    url = f"/admin/alerts/reports/{report.pk}/"
    officer_client.post(url + "reply/", {"body": "Thanks, a patrol will pass by tonight."})
    officer_client.post(url + "note/", {"body": "Third report from this street this month."})

    admin_html = officer_client.get(url).content.decode()
    assert "Thanks, a patrol will pass by tonight." in admin_html
    assert "Third report from this street this month." in admin_html
    assert "Internal note (not shown to the submitter)" in admin_html
    submitter = client.__class__()
    submitter.post("/report/return/", {"receipt": receipt})
    public_html = submitter.get(f"/report/r/{report.reference}/").content.decode()
    assert "Thanks, a patrol will pass by tonight." in public_html
    assert "Third report" not in public_html
    report.refresh_from_db()
    assert report.state == "acknowledged"


def test_a_reply_template_fills_the_reply(officer_client):
    from alerts.models import ReplyTemplate

    template = ReplyTemplate.objects.get(title="Please tell us more")
    report, _ = make_report()

    html = officer_client.get(
        f"/admin/alerts/reports/{report.pk}/?template={template.pk}"
    ).content.decode()

    assert "It would help us to know more" in html


def test_a_report_is_assigned_to_a_person_or_a_team(officer_client, police_officer):
    from django.contrib.auth.models import Group

    report, _ = make_report()
    team = Group.objects.get(name="Police Prevent team")

    officer_client.post(
        f"/admin/alerts/reports/{report.pk}/assign/",
        {"assignee": police_officer.pk, "group": team.pk},
    )

    report.refresh_from_db()
    assert report.assigned_user == police_officer and report.assigned_group == team
    assert AuditEntry.objects.filter(action="alerts.report.assigned").exists()


def test_a_report_cannot_be_assigned_to_someone_who_may_not_see_it(
    officer_client, rugby_responder, districts
):
    report, _ = make_report(district=districts["Warwick"])

    officer_client.post(
        f"/admin/alerts/reports/{report.pk}/assign/", {"assignee": rugby_responder.pk}
    )

    report.refresh_from_db()
    assert report.assigned_user is None


def test_an_attachment_downloads_only_through_the_audited_view(officer_client, client, demo_site):
    client.post(
        "/report/new/",
        {**form_data(), "attachments": [SimpleUploadedFile("minutes.pdf", pdf_bytes())]},
    )
    attachment = Report.objects.get().attachments.get()

    response = officer_client.get(f"/admin/alerts/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment;" in response["Content-Disposition"]
    assert "minutes" not in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(action="alerts.attachment.downloaded").count() == 1


def test_the_export_is_metadata_only_and_audited_per_report(officer_client, districts):
    report, _ = make_report(district=districts["Rugby"], contact_email="sam@example.org")

    response = officer_client.get("/admin/alerts/export.csv?state=all")

    body = b"".join(response.streaming_content).decode()
    assert report.reference in body and "Rugby" in body
    assert "Graffiti" not in body and "sam@example.org" not in body
    entry = AuditEntry.objects.get(action="alerts.report.exported")
    assert entry.report_reference == report.reference


def test_the_export_cannot_run_a_formula_in_a_spreadsheet(officer_client, districts):
    districts["Rugby"].name = '=HYPERLINK("http://evil.example","Rugby")'
    districts["Rugby"].save()
    make_report(district=districts["Rugby"])

    response = officer_client.get("/admin/alerts/export.csv?state=all")

    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(" in body
    assert ",=HYPERLINK(" not in body and ',"=HYPERLINK(' not in body


def test_a_legal_hold_needs_a_reason(officer_client):
    report, _ = make_report()
    url = f"/admin/alerts/reports/{report.pk}/hold/"

    refused = officer_client.post(url, {"hold": "on", "reason": ""}, follow=True)
    assert "Say why the report is held" in refused.content.decode()
    officer_client.post(url, {"hold": "on", "reason": "Police request 2026/114"})

    report.refresh_from_db()
    assert report.legal_hold and report.legal_hold_reason == "Police request 2026/114"


def test_responder_pages_escape_what_the_submitter_typed(officer_client):
    report, _ = make_report(description="<script>alert(1)</script>", location="<b>x</b>")

    html = officer_client.get(f"/admin/alerts/reports/{report.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html
