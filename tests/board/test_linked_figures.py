"""Figures that share records are disclosed together: nothing hidden in one table, headline or
period comes back from another (a quarter against its year, a district against the county, a
breakdown against its total), and no list, flag or statistic says what a count hides."""

import csv
import io
import re
from html import unescape

import pytest
from django.test import override_settings

from board.sections import governance, inbox, reach
from core.disclosure import TOTAL, Rule, linked, percentile, table
from core.periods import Period, Quarter, Year
from networks.models import Contact, Network, NetworkMembership, Organisation, Role
from networks.reference_data import PREVENT_LEAD
from tests.support.board import (
    london,
    make_board_member,
    make_deliveries,
    make_district,
    make_reports,
    make_send,
)

pytestmark = pytest.mark.django_db
URL = "/admin/board/"
RULE = Rule()
YEAR = Year.current().previous()  # a financial year that has ended


def _table_texts(body: str, caption: str) -> dict[tuple[str, str], str]:
    """{(row, column): text} of a table on the page, its totals included."""
    part = body[body.index(f"<caption>{caption}") :]
    part = part[: part.index("</table>")]
    columns = [unescape(c) for c in re.findall(r'<th scope="col">([^<]+)</th>', part)][1:]
    texts = {}
    for row, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', part, re.S):
        figures = [unescape(f) for f in re.findall(r"<td>(?:<a[^>]*>)?([^<]+)", cells)]
        texts.update({(unescape(row), c): f for c, f in zip(columns, figures, strict=False)})
    return texts


def _headline(body: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt>\s*<dd[^>]*>(?:<a[^>]*>)?([^<]+)", body)
    return unescape(found.group(1))


def _hidden(text: str) -> bool:
    return text in ("1–7", "withheld")


@pytest.fixture
def a_year_of_reports():
    """Rugby: 3 tension reports in Q1 and 20 in Q2 (the year's 23 would give Q1's 3 back beside
    Q2's 20); Warwick: a mix in every quarter."""
    rugby, warwick = make_district("Rugby"), make_district("Warwick")
    q1, q2, q3, q4 = (q.start for q in YEAR.quarters())
    make_reports(3, at=london(q1.year, q1.month, 10, 9), district=rugby)
    make_reports(20, at=london(q2.year, q2.month, 10, 9), district=rugby)
    make_reports(9, at=london(q2.year, q2.month, 11, 9), district=rugby, kind="online")
    for start, (tension, online) in zip(
        (q1, q2, q3, q4), ((12, 10), (4, 15), (11, 2), (0, 9)), strict=True
    ):
        at = london(start.year, start.month, 12, 9)
        make_reports(tension, at=at, district=warwick)
        make_reports(online, at=at, district=warwick, kind="online")


def test_a_quarter_hidden_in_its_own_view_is_not_given_back_by_the_year_and_the_other_quarters(
    client, django_user_model, a_year_of_reports
):
    client.force_login(make_board_member(django_user_model))
    keys = [q.key for q in YEAR.quarters()] + [str(YEAR)]
    views = {}
    headlines = {}
    for key in keys:
        body = client.get(URL, {"period": key}).content.decode()
        assert "Showing" in body and 'role="alert"' not in body
        views[key] = _table_texts(body, "Reports received by district and kind")
        headlines[key] = _headline(body, "Reports and feedback received")
    cells = set().union(*views.values())
    assert ("Rugby", "Community tension") in cells
    for cell in cells:
        line = [views[key].get(cell, "0") for key in keys]
        # four quarters and their year: never one figure hidden alone, which the others give back
        assert sum(_hidden(t) for t in line) != 1, (cell, line)
    headline_line = [headlines[key] for key in keys]
    assert sum(_hidden(t) for t in headline_line) != 1, headline_line
    # and each period's headline is its table's total, as shown there
    for key in keys:
        assert headlines[key] == views[key][("Total", "Total")]


def test_a_district_beside_the_county_and_a_breakdown_beside_its_total_agree(
    client, django_user_model, a_year_of_reports
):
    client.force_login(make_board_member(django_user_model))
    for key in [q.key for q in YEAR.quarters()] + [str(YEAR)]:
        body = client.get(URL, {"period": key}).content.decode()
        districts = _table_texts(body, "Reports received by district and kind")
        outcomes = _table_texts(body, "Outcome of the reports received, by kind")
        # the kinds' county totals are the same figures in both breakdowns
        kind_totals = {c: t for (r, c), t in districts.items() if r == "Total"}
        assert kind_totals == {c: t for (r, c), t in outcomes.items() if r == "Total"}
        assert _headline(body, "Reports and feedback received") == kind_totals["Total"]
        for breakdown in (districts, outcomes):
            rows = {r for r, _ in breakdown}
            columns = {c for _, c in breakdown}
            for line in [[breakdown[(r, c)] for c in columns] for r in rows] + [
                [breakdown[(r, c)] for r in rows] for c in columns
            ]:
                assert sum(_hidden(t) for t in line) != 1, (key, line)


def test_a_linked_cube_hides_a_quarter_in_its_year_line_and_reads_the_same_from_every_view():
    cells = {}
    for q, v in (("Q1", 3), ("Q2", 20), ("Q3", 0), ("Q4", 0)):
        cells[(q,)] = v
    cells[(TOTAL,)] = 23
    shown = linked(cells, RULE)
    assert shown[("Q1",)].text == "1–7"
    assert shown[("Q2",)].text == "withheld"  # the year's 23 less Q2's 20 would give 3 back
    assert shown[(TOTAL,)].text == "25" and shown[("Q3",)].text == "0"
    assert linked(dict(cells), RULE)[("Q2",)] == shown[("Q2",)]  # the same answer each time


def test_a_row_whose_records_all_fall_in_one_category_is_withheld():
    disclosed = table([[12, 0, 0], [10, 9, 0]], RULE, categories=True)
    # 12 and the 0 beside it withheld; the last column's 0 is known from its total of 0
    assert [f.text for f in disclosed.cells[0]] == ["withheld", "withheld", "0"]
    assert not any(f.text == "10" for f in disclosed.cells[0])
    assert disclosed.row_totals[0].text == "10"  # how many, but not that all are of one kind
    lines = [
        row + [total] for row, total in zip(disclosed.cells, disclosed.row_totals, strict=True)
    ]
    lines += [[r[j] for r in disclosed.cells] + [disclosed.column_totals[j]] for j in range(3)]
    assert all(sum(f.hidden for f in line) != 1 for line in lines)


def test_the_board_sees_a_district_of_one_kind_withheld_and_the_coordinator_sees_it(
    client, django_user_model, coordinator
):
    rugby, warwick = make_district("Rugby"), make_district("Warwick")
    q1 = YEAR.quarters()[0].start
    make_reports(12, at=london(q1.year, q1.month, 5, 9), district=rugby)
    make_reports(10, at=london(q1.year, q1.month, 5, 9), district=warwick)
    make_reports(10, at=london(q1.year, q1.month, 5, 9), district=warwick, kind="online")
    key = YEAR.quarters()[0].key
    client.force_login(make_board_member(django_user_model))
    board = _table_texts(client.get(URL, {"period": key}).content.decode(), "Reports received")
    assert board[("Rugby", "Community tension")] == "withheld"
    assert board[("Rugby", "Concern about online material or activity")] == "withheld"
    client.force_login(coordinator)
    exact = _table_texts(client.get(URL, {"period": key}).content.decode(), "Reports received")
    assert exact[("Rugby", "Community tension")] == "12"


def test_a_median_on_fewer_than_twenty_records_is_not_shown_under_the_rule():
    assert percentile(4.0, 19, RULE).text == "—"
    assert percentile(4.0, 20, RULE).text == "4.0"
    assert percentile(4.0, 3, Rule.exact_figures()).text == "4.0"
    rugby = make_district("Rugby")
    at = london(2026, 5, 4, 9)
    for report in make_reports(12, at=at, district=rugby):
        report.acknowledged_at = at.replace(hour=11)
        report.save()
    times = next(
        t for t in inbox.figures(Period.parse("2026-Q1"), RULE).tables if t.key == "inbox-times"
    )
    median, p90, n = times.cells[0]
    assert (median.text, p90.text, n.text) == ("—", "—", "10")  # 12 records: counted, no median


@override_settings(NETWORKS_THIN_NETWORK_SIZE=5)
def test_the_thin_network_flag_never_narrows_a_hidden_size():
    rugby, warwick = make_district("Rugby"), make_district("Warwick")
    make_district("Leam")  # no network at all
    for district, members in ((rugby, 3), (warwick, 12)):
        network = Network.objects.create(name=f"{district.name} network", district=district)
        for i in range(members):
            contact = Contact.objects.create(email=f"{district.name}{i}@example.org")
            NetworkMembership.objects.create(network=network, contact=contact)
    period = Period.parse("2026-Q1")
    board = reach.figures(period, RULE)
    note = next(n for n in board.notes if "networks" in n)
    thin_part = note.split(".")[0]
    assert "Rugby" not in thin_part  # 3 members, shown as 1–7: not called thin (1–4)
    assert "Leam" in thin_part  # none at all: thin whatever the rule
    assert "not shown, which may or may not be thin: Rugby" in note
    exact = reach.figures(period, Rule.exact_figures())
    assert "Rugby" in next(n for n in exact.notes if "networks" in n).split(".")[0]


def test_authorities_without_a_lead_are_named_only_where_their_count_is_shown():
    lead = Role.objects.get_or_create(slug=PREVENT_LEAD, defaults={"name": "Prevent lead"})[0]
    for i in range(3):
        org = Organisation.objects.create(
            name=f"School {i}", sector="education", is_specified_authority=True
        )
        Contact.objects.create(email=f"lead{i}@example.org", organisation=org).roles.add(lead)
    for i in range(12):
        Organisation.objects.create(
            name=f"Academy {i:02d}", sector="education", is_specified_authority=True
        )
    for i in range(10):
        org = Organisation.objects.create(
            name=f"Council {i}", sector="local_authority", is_specified_authority=True
        )
        Contact.objects.create(email=f"c{i}@example.org", organisation=org).roles.add(lead)
    for i in range(20):
        Organisation.objects.create(
            name=f"Borough {i}", sector="local_authority", is_specified_authority=True
        )
    for i in range(19):  # health: 9 with a lead, 10 without (partners the hidden education)
        org = Organisation.objects.create(
            name=f"Trust {i}", sector="health", is_specified_authority=True
        )
        if i < 9:
            Contact.objects.create(email=f"t{i}@example.org", organisation=org).roles.add(lead)
    period = Period.of_quarter(Quarter.current())  # the leads were added today
    board = governance.figures(period, RULE)
    leads = next(t for t in board.tables if t.key == "governance-leads")
    education = leads.rows.index(next(r for r in leads.rows if r.startswith("Education")))
    assert [f.text for f in leads.cells[education]] == ["1–7", "withheld"]
    notes = " ".join(board.notes)
    assert "Academy" not in notes  # 12 names would say what "withheld" hides
    assert "Borough 0" in notes  # the councils' count is shown, so their names may be
    assert "Trust 18" not in notes  # withheld to partner the education figures
    exact = " ".join(governance.figures(period, Rule.exact_figures()).notes)
    assert "Academy 00" in exact


def _csv_table(client, key: str, period: str) -> dict[tuple[str, str], str]:
    """{(row, column): text} of a dashboard table's CSV, as a board member downloads it."""
    response = client.get(f"{URL}tables/{key}.csv", {"period": period})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1] == [f"Period: {Period.parse(period).label}"], rows[:2]  # not refused
    header = rows[2]
    texts = {}
    for row in rows[3:]:
        if len(row) != len(header):
            break  # the table's note and the method note
        texts.update({(row[0], c): t for c, t in zip(header[1:], row[1:], strict=True)})
    return texts


def _assert_linked(quarters: dict, year: dict, per_quarter: dict | None, measures, rows_of):
    """The per-row tables of each quarter and of the year, and the year's per-quarter table:
    a row shows the same figure in its quarter and in the year; no column (its Total row
    included) of any of them has one figure hidden alone; a quarter's Total row is its line of
    the per-quarter table and the year's Total row that table's Total."""
    for key, texts in quarters.items():
        for row in rows_of(texts):
            for m in measures:
                assert texts[(row, m)] == year[(row, m)], (key, row, m)
    for texts in [*quarters.values(), year]:
        for m in measures:
            column = [t for (r, c), t in texts.items() if c == m]
            assert sum(_hidden(t) for t in column) != 1, (m, column)
    if per_quarter is not None:
        labels = {Quarter.parse(k).label: k for k in quarters}
        for m in measures:
            column = [t for (r, c), t in per_quarter.items() if c == m]
            assert sum(_hidden(t) for t in column) != 1, (m, column)
            assert per_quarter[("Total", m)] == year[("Total", m)]
            for label, key in labels.items():
                assert per_quarter[(label, m)] == quarters[key][("Total", m)], (label, m)


def test_communications_per_send_and_per_quarter_cannot_be_subtracted_quarter_against_year(
    client, django_user_model
):
    q1, q2, q3, q4 = (q.start for q in YEAR.quarters())
    # Q1: 3 emails of one send (hidden) beside 20 of another; the year's smallest is Q4's 9.
    for subject, start, n in (
        ("Small", q1, 3),
        ("Big", q1, 20),
        ("Autumn", q2, 12),
        ("Winter", q3, 15),
        ("Spring", q4, 9),
    ):
        make_deliveries(make_send(subject, at=london(start.year, start.month, 8, 9)), n)
    client.force_login(make_board_member(django_user_model))
    keys = [q.key for q in YEAR.quarters()]
    quarters = {k: _csv_table(client, "communications-sends", k) for k in keys}
    year = _csv_table(client, "communications-sends", str(YEAR))
    per_quarter = _csv_table(client, "communications-quarters", str(YEAR))

    small = next(r for r, _ in year if r.startswith("Small"))
    big = next(r for r, _ in year if r.startswith("Big"))
    assert _hidden(year[(small, "Sent")]) and _hidden(quarters[keys[0]][(small, "Sent")])
    # Big's 20 is withheld in Q1 (beside Q1's total): so it is in the year too
    assert quarters[keys[0]][(big, "Sent")] == year[(big, "Sent")] == "withheld"
    _assert_linked(
        quarters, year, per_quarter, ["Sent", "Delivered"], lambda t: {r for r, _ in t} - {"Total"}
    )
    # the headline of each quarter and of the year is its table's total, as shown there
    for key, texts in [*quarters.items(), (str(YEAR), year)]:
        body = client.get(URL, {"period": key}).content.decode()
        assert _headline(body, "Emails sent") == texts[("Total", "Sent")], key


def test_subscriptions_by_district_cannot_be_subtracted_quarter_against_year(
    client, django_user_model
):
    from networks.models import ConsentEvent

    rugby, warwick = make_district("Rugby"), make_district("Warwick")
    q1, q2, q3, q4 = (q.start for q in YEAR.quarters())
    n = 0
    # Rugby: 3 people subscribe in Q1 and 20 in Q2; Warwick: a mix in every quarter
    for district, start, people in (
        (rugby, q1, 3),
        (rugby, q2, 20),
        (warwick, q1, 12),
        (warwick, q2, 10),
        (warwick, q3, 9),
        (warwick, q4, 15),
    ):
        for _ in range(people):
            n += 1
            contact = Contact.objects.create(email=f"s{n}@example.org")
            contact.districts.add(district)
            ConsentEvent.objects.create(contact=contact, action="subscribed", source="web_form")
            ConsentEvent.objects.filter(contact=contact).update(
                at=london(start.year, start.month, 9, 9)
            )
    client.force_login(make_board_member(django_user_model))
    keys = [q.key for q in YEAR.quarters()]
    quarters = {k: _csv_table(client, "reach-subscriptions", k) for k in keys}
    year = _csv_table(client, "reach-subscriptions", str(YEAR))

    assert _hidden(quarters[keys[0]][("Rugby", "New subscriptions")])
    for cell in year:
        if cell[0] == "Total":
            continue
        line = [quarters[k][cell] for k in keys] + [year[cell]]
        # four quarters and their year: never one figure hidden alone
        assert sum(_hidden(t) for t in line) != 1, (cell, line)
    totals = [quarters[k][("Total", "New subscriptions")] for k in keys]
    totals.append(year[("Total", "New subscriptions")])
    assert sum(_hidden(t) for t in totals) != 1, totals
    for texts in [*quarters.values(), year]:
        column = [t for (r, c), t in texts.items() if c == "New subscriptions"]
        assert sum(_hidden(t) for t in column) != 1, column


def test_events_per_event_cannot_be_subtracted_quarter_against_year(client, django_user_model):
    from events.models import Invitation
    from tests.support.events import make_event

    q1, q2, q3, q4 = (q.start for q in YEAR.quarters())
    n = 0
    # Q1: 3 invited to one event (hidden) beside 20 to another; the year's smallest is Q4's 9
    for title, start, invited in (
        ("Small", q1, 3),
        ("Big", q1, 20),
        ("Autumn", q2, 12),
        ("Winter", q3, 15),
        ("Spring", q4, 9),
    ):
        at = london(start.year, start.month, 8 + n % 3, 10)
        event = make_event(title=title, slug=title.lower(), start=at, deadline=at)
        for _ in range(invited):
            n += 1
            contact = Contact.objects.create(email=f"e{n}@example.org")
            Invitation.objects.create(event=event, contact=contact)
    client.force_login(make_board_member(django_user_model))
    keys = [q.key for q in YEAR.quarters()]
    quarters = {k: _csv_table(client, "events-attendance", k) for k in keys}
    year = _csv_table(client, "events-attendance", str(YEAR))

    small = next(r for r, _ in year if r.startswith("Small"))
    big = next(r for r, _ in year if r.startswith("Big"))
    assert _hidden(year[(small, "Invited")]) and _hidden(quarters[keys[0]][(small, "Invited")])
    assert quarters[keys[0]][(big, "Invited")] == year[(big, "Invited")] == "withheld"
    _assert_linked(quarters, year, None, ["Invited"], lambda t: {r for r, _ in t} - {"Total"})
    # the year's Total is no quarter's figure added up with the others to give one back
    totals = [quarters[k][("Total", "Invited")] for k in keys] + [year[("Total", "Invited")]]
    assert sum(_hidden(t) for t in totals) != 1, totals
