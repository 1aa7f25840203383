"""The data-protection requests and the alerts' time from the first linked report, against rows
counted by hand: exact for the coordinator, suppressed under the board's rule."""

import datetime as dt

import pytest

from alerts.models import AlertPage, AlertsIndexPage, ReportAlertLink
from board.periods import Period
from board.sections import alerts, data_protection
from core.disclosure import Rule
from networks.models import PrivacyRequest
from sending.models import Send
from tests.support.board import london, make_reports, make_send
from tests.support.migrated import root_page

pytestmark = pytest.mark.django_db
EXACT = Rule.exact_figures()
BOARD = Rule()  # threshold 8, rounding 5
Q1 = Period.parse("2026-Q1")  # April–June 2026


def _table(section, key):
    return next(t for t in section.tables if t.key == key)


def _headline(section, label):
    return next(h for h in section.headlines if h.label == label)


def _request(kind, received, met=None):
    return PrivacyRequest.objects.create(kind=kind, received_on=received, met_at=met)


@pytest.fixture
def requests():
    d = dt.date
    _request("access", d(2026, 4, 2), london(2026, 4, 20, 10))  # 18 days, on time
    _request("access", d(2026, 4, 30), london(2026, 6, 5, 9))  # 36 days: due 30 May, late
    _request("access", d(2026, 6, 25))  # open, due 25 July
    _request("access", d(2026, 6, 10), london(2026, 7, 2, 9))  # met after the quarter: open
    _request("access", d(2026, 1, 5), london(2026, 1, 20, 9))  # all in the quarter before
    _request("erasure", d(2026, 5, 1), london(2026, 5, 8, 15))  # 7 days
    _request("erasure", d(2026, 5, 15))  # open, due 15 June: overdue at the quarter's end
    # Received in Q4, due 30 April, met 00:30 BST on 1 May (23:30 UTC on 30 April): 31 days,
    # late by London's date.
    _request("erasure", d(2026, 3, 31), london(2026, 5, 1, 0, 30))


def test_requests_by_kind_with_their_deadlines_and_median_days_for_the_coordinator(requests):
    section = data_protection.figures(Q1, EXACT)

    table = _table(section, "data-protection-requests")
    assert table.columns == [
        "Received",
        "Met",
        "Met later than one calendar month",
        "Open at the end of the period",
        "Open past the one-month deadline",
    ]
    assert [[f.number for f in row] for row in table.cells] == [
        [4, 2, 1, 2, 0],  # subject access
        [2, 2, 1, 1, 1],  # erasure
    ]
    received = _headline(section, "Data protection requests: received")
    assert received.value.number == 6
    assert dict(received.comparisons)["Last quarter"].number == 2
    assert (
        _headline(
            section, "Data protection requests: open past the one-month deadline"
        ).value.number
        == 1
    )
    days = _table(section, "data-protection-days")
    assert days.rows == ["Subject access", "Erasure", "All requests"]
    # access 18 and 36; erasure 7 and 31; all 7, 18, 31, 36
    assert [row[0].number for row in days.cells] == [27.0, 19.0, 24.5]


def test_the_board_sees_the_requests_as_ranges_and_no_median_on_so_few(requests):
    section = data_protection.figures(Q1, BOARD)

    table = _table(section, "data-protection-requests")
    assert [[f.text for f in row] for row in table.cells] == [
        ["1–7", "1–7", "1–7", "1–7", "0"],
        ["1–7", "1–7", "1–7", "1–7", "1–7"],
    ]
    assert _headline(section, "Data protection requests: received").value.text == "1–7"
    assert [row[0].text for row in _table(section, "data-protection-days").cells] == ["—"] * 3
    assert not any("not recorded" in note for note in section.notes)


def _alert_sent(title, *, at, reports_at=()):
    """An alert page sent at `at`, linked to reports that arrived at `reports_at`."""
    index = AlertsIndexPage.objects.first()
    if index is None:
        index = root_page().add_child(instance=AlertsIndexPage(title="Alerts", slug="alerts"))
    page = index.add_child(
        instance=AlertPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            what_is_happening="<p>x</p>",
            look_out_for="<p>x</p>",
            what_to_do="<p>x</p>",
            where_to_report="<p>x</p>",
        )
    )
    send = make_send(title, at=at, kind="alert", topic="updates")
    Send.objects.filter(pk=send.pk).update(source_page=page)
    for moment in reports_at:
        (report,) = make_reports(1, at=moment)
        ReportAlertLink.objects.create(report=report, alert=page)
    return page


@pytest.fixture
def sent_alerts():
    may = lambda day, hour: london(2026, 5, day, hour)  # noqa: E731
    _alert_sent("Stickers", at=may(10, 12), reports_at=[may(10, 2), may(10, 8)])  # 10 h
    # 24 h; the report that came after the alert is not its first report
    _alert_sent("Graffiti", at=may(20, 12), reports_at=[may(19, 12), may(21, 9)])
    _alert_sent("Leaflets", at=london(2026, 6, 1, 9), reports_at=[london(2026, 6, 1, 8)])  # 1 h
    _alert_sent("Unlinked", at=london(2026, 6, 2, 9))
    _alert_sent("Only later reports", at=may(3, 9), reports_at=[may(4, 9)])
    _alert_sent("Last quarter", at=london(2026, 3, 30, 9), reports_at=[london(2026, 3, 29, 9)])


def test_time_from_the_first_linked_report_to_the_alert_for_the_coordinator(sent_alerts):
    section = alerts.figures(Q1, EXACT)

    median, p90, base = _table(section, "alerts-report-time").cells[0]
    assert base.number == 3  # Stickers, Graffiti, Leaflets
    assert median.number == 10.0
    assert p90.number == pytest.approx(21.2)  # 10 + 0.8 × (24 − 10)
    assert not any("not yet linked" in note for note in section.notes)


def test_the_board_sees_no_time_from_reports_on_fewer_alerts_than_the_threshold(sent_alerts):
    section = alerts.figures(Q1, BOARD)

    median, p90, base = _table(section, "alerts-report-time").cells[0]
    assert (median.text, p90.text, base.text) == ("—", "—", "1–7")
