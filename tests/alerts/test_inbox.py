"""The reports inbox as Wagtail's ReportView: filters, ordering, the export under every role, and a
page whose query count does not grow with its rows."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from alerts import actions
from alerts.models import AuditEntry, Report, State
from tests.support.people import make_responder
from tests.support.two_factor import verified_client

from .helpers import make_report

INBOX = "/admin/alerts/"
HEADER = [
    "reference",
    "received",
    "kind",
    "area",
    "state",
    "outcome",
    "urgency",
    "assigned to",
    "acknowledged",
    "closed",
]


def csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def listed(html, *reports):
    return {report.reference for report in reports if report.reference in html}


def test_each_filter_narrows_the_inbox_as_its_label_says(officer_client, police_officer, districts):
    rugby, _ = make_report(district=districts["Rugby"])
    venue, _ = make_report(district=districts["Warwick"], kind="venue")
    unknown, _ = make_report(kind="other")
    old, _ = make_report(kind="other")
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    closed, _ = make_report(kind="other")
    actions.change_report_state(closed, police_officer, State.CLOSED, "nfa")
    actions.assign_report(venue, police_officer, assignee=police_officer)
    team = Group.objects.get(name="Police Prevent team")
    actions.assign_report(unknown, police_officer, group=team)
    everyone = (rugby, venue, unknown, old, closed)

    def shown(query):
        return listed(officer_client.get(f"{INBOX}?{query}").content.decode(), *everyone)

    open_ones = {r.reference for r in (rugby, venue, unknown, old)}
    assert shown("") == open_ones
    assert shown("state=all") == open_ones | {closed.reference}
    assert shown("state=closed") == {closed.reference}
    assert shown("kind=venue") == {venue.reference}
    assert shown(f"district={districts['Warwick'].pk}") == {venue.reference}
    assert shown("district=unknown") == {unknown.reference, old.reference}
    assert shown("assignee=me") == {venue.reference}
    assert shown(f"assignee={police_officer.pk}") == {venue.reference}
    assert shown("assignee=none") == {rugby.reference, old.reference}
    assert shown("age=older30") == {old.reference}
    assert shown("age=7") == {rugby.reference, venue.reference, unknown.reference}
    # A value that is not one of the choices narrows nothing, and closed reports stay hidden.
    assert shown("kind=nonsense") == open_ones


def test_the_inbox_puts_urgent_first_and_reorders_by_a_column(officer_client, districts):
    first, _ = make_report(kind="other")
    urgent, _ = make_report(district=districts["Warwick"])  # urgent by the demo routing rule
    last, _ = make_report(kind="other")
    Report.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=3))
    assert Report.objects.get(pk=urgent.pk).urgency == "urgent"

    def order(query=""):
        html = officer_client.get(f"{INBOX}?{query}").content.decode()
        return sorted((first, urgent, last), key=lambda r: html.index(r.reference))

    assert order() == [urgent, last, first]
    assert order("ordering=created_at") == [first, urgent, last]
    assert order("ordering=-created_at") == [last, urgent, first]
    # An ordering that is not a column's falls back to the inbox's own.
    assert order("ordering=description") == [urgent, last, first]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_keeps_its_columns_and_holds_no_report_content(
    officer_client, districts, export
):
    report, _ = make_report(district=districts["Rugby"], contact_email="sam@example.org")

    response = officer_client.get(f"{INBOX}?state=all&export={export}")

    assert response.status_code == 200
    assert f'filename="reports.{export}"' in response["Content-Disposition"]
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [report.reference]
    assert rows[1][3] == "Rugby" and rows[1][4] == "New"
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "Graffiti" not in flat and "High Street" not in flat and "sam@example.org" not in flat
    entry = AuditEntry.objects.get(action="alerts.report.exported")
    assert entry.report_reference == report.reference and entry.detail["filters"] == {
        "state": "all"
    }


def test_the_long_standing_export_address_still_downloads_the_csv(officer_client, districts):
    report, _ = make_report(district=districts["Rugby"])

    response = officer_client.get("/admin/alerts/export.csv?kind=tension")

    assert response["Content-Disposition"] == 'attachment; filename="reports.csv"'
    rows = csv_rows(response)
    assert rows[0] == HEADER and rows[1][0] == report.reference


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_cell_that_a_spreadsheet_would_run_is_exported_as_text(
    officer_client, districts, trigger, export
):
    districts["Rugby"].name = f'{trigger}HYPERLINK("http://evil.example","Rugby")'
    districts["Rugby"].save()
    make_report(district=districts["Rugby"])

    response = officer_client.get(f"{INBOX}?export={export}")

    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert rows[1][3] == f'\'{trigger}HYPERLINK("http://evil.example","Rugby")'


def test_the_export_gives_nobody_reports_they_may_not_see(
    client, demo_site, django_user_model, districts, outsider
):
    rugby, _ = make_report(district=districts["Rugby"])
    warwick, _ = make_report(district=districts["Warwick"])
    warwick_lead = make_responder("warwick.lead", [districts["Warwick"]])
    not_a_responder = make_responder("hub.editor", groups=("Editors",))

    verified_client(client, warwick_lead)
    for url in (f"{INBOX}?state=all&export=csv", "/admin/alerts/export.csv?state=all"):
        references = [row[0] for row in csv_rows(client.get(url))[1:]]
        assert references == [warwick.reference], url
    html = client.get(INBOX).content.decode()
    assert warwick.reference in html and rugby.reference not in html
    assert rugby.reference not in client.get(f"{INBOX}results/?state=all").content.decode()

    audited = set(
        AuditEntry.objects.filter(action="alerts.report.exported").values_list(
            "report_reference", flat=True
        )
    )
    assert audited == {warwick.reference}
    exports = AuditEntry.objects.filter(action="alerts.report.exported").count()
    for person in (outsider, not_a_responder):
        client.force_login(person)
        for url in (
            f"{INBOX}?export=csv",
            f"{INBOX}?export=xlsx",
            "/admin/alerts/export.csv",
            f"{INBOX}results/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 404), (person, url)
            assert not response.streaming
    assert AuditEntry.objects.filter(action="alerts.report.exported").count() == exports


def _queries_for_inbox(officer_client):
    with CaptureQueriesContext(connection) as captured:
        response = officer_client.get(f"{INBOX}?state=all")
    assert response.status_code == 200
    return len(captured)


def test_the_inbox_costs_the_same_queries_for_3_or_30_reports(officer_client, police_officer):
    team = Group.objects.get(name="Police Prevent team")

    def add(n):
        for _ in range(n):
            report, _ = make_report(kind="other")
            # Every column's join in use: a person, a team, an area.
            actions.assign_report(report, police_officer, assignee=police_officer, group=team)

    add(3)
    officer_client.get(INBOX)  # the session and the user's group lookups, once
    few = _queries_for_inbox(officer_client)
    add(27)
    many = _queries_for_inbox(officer_client)

    assert Report.objects.count() == 30
    assert many == few, (few, many)
