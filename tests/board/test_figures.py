"""Each section's figures against data small enough to count by hand (exact rule, so the
numbers are the counts themselves), and the quarter boundaries in British Summer Time."""

import datetime as dt

import pytest
from django.utils import timezone

from board.periods import Period
from board.sections import communications, data_protection, inbox, reach
from core.disclosure import Rule
from core.periods import Quarter
from networks.models import ConsentEvent, Contact, Organisation
from sending.models import Delivery
from tests.support.board import (
    london,
    make_deliveries,
    make_district,
    make_reports,
    make_send,
)

pytestmark = pytest.mark.django_db
EXACT = Rule.exact_figures()
Q1 = Period.parse("2026-Q1")


def _headline(section, label_start):
    return next(h for h in section.headlines if h.label.startswith(label_start))


def _table(section, key):
    return next(t for t in section.tables if t.key == key)


def test_a_report_at_2330_bst_on_31_march_is_in_q4_and_one_at_0030_on_1_april_in_q1():
    make_reports(1, at=london(2026, 3, 31, 23, 30))  # 22:30 UTC, still 31 March in London
    make_reports(2, at=london(2026, 4, 1, 0, 30))  # 23:30 UTC on 31 March, but 1 April here
    q4 = inbox.figures(Period.parse("2025-Q4"), EXACT)
    q1 = inbox.figures(Q1, EXACT)
    assert _headline(q4, "Reports and feedback").value.number == 1
    assert _headline(q1, "Reports and feedback").value.number == 2
    # and each sits beside the other: Q1's "last quarter" is Q4
    assert dict(_headline(q1, "Reports and feedback").comparisons)["Last quarter"].number == 1
    assert Period.parse("2026").start_moment == london(2026, 4, 1)
    assert Period.parse("2025-Q4").end_moment == london(2026, 4, 1)


def test_inbox_counts_by_district_and_kind_and_times_to_acknowledge():
    rugby = make_district("Rugby")
    at = london(2026, 5, 4, 9)
    for hours, report in zip([1, 2, 3, 4, 10], make_reports(5, at=at, district=rugby), strict=True):
        report.acknowledged_at = at + dt.timedelta(hours=hours)
        report.save()
    make_reports(2, at=at, kind="online")
    section = inbox.figures(Q1, EXACT)
    table = _table(section, "inbox-district-kind")
    row = table.rows.index("Rugby")
    col = table.columns.index("Community tension")
    assert table.cells[row][col].number == 5
    assert table.row_totals[table.rows.index("Not known")].number == 2
    assert table.total.number == 7
    times = _table(section, "inbox-times")
    median, p90, n = times.cells[0]
    assert (median.number, n.number) == (3.0, 5)
    assert p90.number == pytest.approx(7.6, abs=0.05)  # 4 + 0.6 × (10 − 4)


def test_time_to_first_reply_counts_from_arrival_to_the_first_reply_only():
    from alerts.actions import send_reply

    now = timezone.now()
    reports = make_reports(3, at=now)
    for hours, report in zip([2, 6, 30], reports, strict=True):
        report.created_at = now - dt.timedelta(hours=hours)
        report.save()
        send_reply(report, None, "Thank you, we are looking into it.")
    send_reply(reports[0], None, "A second reply does not move the first.")
    make_reports(1, at=now - dt.timedelta(hours=1))  # not replied to: not in the base
    section = inbox.figures(Period.of_quarter(Quarter.current()), EXACT)
    median, p90, n = _table(section, "inbox-times").cells[1]
    assert n.number == 3
    assert median.number == pytest.approx(6.0, abs=0.05)
    assert p90.number == pytest.approx(25.2, abs=0.05)  # 6 + 0.8 × (30 − 6)


def test_reach_counts_contacts_by_district_and_sector_and_opt_outs():
    rugby = make_district("Rugby")
    school = Organisation.objects.create(name="Rugby School", sector="education")
    for i in range(3):
        c = Contact.objects.create(email=f"t{i}@example.org", organisation=school)
        c.districts.add(rugby)
    gone = Contact.objects.create(email="gone@example.org")
    ConsentEvent.objects.create(contact=gone, action="unsubscribed", source="unsubscribe_link")
    ConsentEvent.objects.filter(contact=gone).update(at=london(2026, 6, 1, 12))
    Contact.objects.update(created_at=london(2026, 5, 1, 9))
    Contact.objects.create(email="later@example.org")  # joined after the quarter: not counted
    section = reach.figures(Q1, EXACT)
    table = _table(section, "reach-district-sector")
    assert (
        table.cells[table.rows.index("Rugby")][
            table.columns.index("Education and childcare")
        ].number
        == 3
    )
    assert _headline(section, "Opt-outs").value.number == 1
    assert _headline(section, "Contacts in the directory").value.number == 4


def test_communications_per_send_with_unsubscribes_attributed_to_the_send_received():
    send = make_send("Summer newsletter", at=london(2026, 6, 2, 10))
    make_deliveries(send, 10, opened=True)
    make_deliveries(send, 2, state=Delivery.State.BOUNCED, delivered=False, prefix="b")
    reader = Contact.objects.create(email="reader@example.org")
    Delivery.objects.filter(send=send, email__startswith="p0.").update(contact=reader)
    ConsentEvent.objects.create(
        contact=reader, topic="newsletter", action="unsubscribed", source="unsubscribe_link"
    )
    ConsentEvent.objects.filter(contact=reader).update(at=london(2026, 6, 3, 8))
    section = communications.figures(Q1, EXACT)
    table = _table(section, "communications-sends")
    assert table.rows == ["Summer newsletter (2 Jun 2026)"]
    figures = tuple(f.number for f in table.cells[0])
    # sent, delivered, bounced, complaints, unsubscribes, clicked, opened
    assert figures == (12, 10, 2, 0, 1, 0, 10)
    assert _headline(section, "Bounce rate").value.text == "16.7%"


def test_communications_headlines_count_the_emails_sent_and_sends_of_each_comparison_period():
    this_quarter = make_send("Summer newsletter", at=london(2026, 6, 2, 10))
    make_deliveries(this_quarter, 4)
    last_quarter = make_send("Spring update", at=london(2026, 3, 31, 23, 30), kind="update")
    make_deliveries(last_quarter, 3)
    make_deliveries(last_quarter, 2, state=Delivery.State.FAILED, delivered=False, prefix="f")
    Delivery.objects.filter(send=last_quarter, email__startswith="f").update(sent_at=None)
    a_year_earlier = make_send("Summer newsletter 2025", at=london(2025, 4, 1, 0, 30))
    make_deliveries(a_year_earlier, 5)
    section = communications.figures(Q1, EXACT)
    sent = _headline(section, "Emails sent")
    assert sent.value.number == 4
    assert {name: f.number for name, f in sent.comparisons} == {
        "Last quarter": 3,
        "Same quarter a year earlier": 5,
    }
    sends = _headline(section, "Newsletters and updates sent")
    assert [f.number for _, f in sends.comparisons] == [1, 1]
    assert _table(section, "communications-sends").rows == ["Summer newsletter (2 Jun 2026)"]


def test_data_protection_counts_exports_erasures_and_two_factor(coordinator, django_user_model):
    from networks.actions import erase_contact, export_subject_access

    person = Contact.objects.create(email="asker@example.org")
    export_subject_access(person, coordinator)
    erase_contact(person, coordinator)
    django_user_model.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    period = Period.of_quarter(Quarter.of(timezone.now()))
    section = data_protection.figures(period, EXACT)
    assert _headline(section, "Subject-access").value.number == 1
    assert _headline(section, "Erasure").value.number == 1
    table = _table(section, "data-protection-2fa")
    assert [f.number for f in table.cells[0]] == [
        0,
        2,
    ]  # coordinator and staff, neither has a device
