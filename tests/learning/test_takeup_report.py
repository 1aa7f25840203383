"""The take-up report: each figure against a small set of completions worked out by hand, the
framework's gaps ("who to target next"), the board's disclosed view, the CSV, and reported
figures from a registered source."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from core.periods import Quarter, Year
from events.models import EventFeedback, Invitation
from learning.models import Expectation
from learning.report import Period, takeup_report
from learning.reported import (
    ReportedTakeup,
    organisations_with_recorded_completions,
    register_reported_takeup,
    unregister_reported_takeup,
)
from tests.support.learning import (
    LONDON,
    completion,
    district,
    organisation,
    person,
    role,
    training_session,
)

pytestmark = pytest.mark.django_db

FY2026 = Period.of_year(Year(2026))


@pytest.fixture
def data():
    """Financial year 2026–27 (April 2026 to March 2027), worked out by hand:

    | # | who                      | level | day        | quarter | organisation       |
    |---|--------------------------|-------|------------|---------|--------------------|
    | 1 | Lena (council's lead)    | 3     | 2026-05-10 | 2026 Q1 | Rugby BC           |
    | 2 | Lena                     | 1     | 2026-04-01 | 2026 Q1 | Rugby BC           |
    | 3 | Pat (unknown, address)   | 1     | 2026-07-15 | 2026 Q2 | Rugby BC           |
    | 4 | Quin (unknown, address)  | 1     | 2027-03-31 | 2026 Q4 | Ashlawn School     |
    | 5 | Gail (governor)          | 2     | 2026-12-01 | 2026 Q3 | Ashlawn School     |
    | 6 | unknown                  | 1     | 2026-03-31 | 2025 Q4 | Food bank (before) |
    | 7 | unknown, org as given    | 1     | 2026-10-02 | 2026 Q3 | Brand New Charity  |
    """
    rugby, warwick = district("Rugby"), district("Warwick")
    rugby.sort_order, warwick.sort_order = 0, 1
    rugby.save(), warwick.save()
    council = organisation(
        "Rugby Borough Council", "local_authority", [rugby], is_specified_authority=True
    )
    school = organisation("Ashlawn School", "education", [rugby], is_specified_authority=True)
    warwick_dc = organisation(
        "Warwick District Council", "local_authority", [warwick], is_specified_authority=True
    )
    food_bank = organisation("Warwick Food Bank", "voluntary", [warwick])
    lead, governor = role("prevent-lead", "Prevent lead"), role("school-governor", "Governor")
    lena = person("Lena", "Lead", organisation=council, districts=[rugby], roles=[lead])
    person("Sid", "Schoollead", organisation=school, districts=[rugby], roles=[lead])
    gail = person("Gail", "Governor", organisation=school, districts=[rugby], roles=[governor])
    d = dt.date
    completion(3, d(2026, 5, 10), contact=lena, organisation=council, district=rugby)
    completion(1, d(2026, 4, 1), contact=lena, organisation=council, district=rugby)
    completion(1, d(2026, 7, 15), email="pat@x.example", organisation=council, district=rugby)
    completion(1, d(2027, 3, 31), email="quin@x.example", organisation=school, district=rugby)
    completion(2, d(2026, 12, 1), contact=gail, organisation=school, district=rugby)
    completion(1, d(2026, 3, 31), organisation=food_bank, district=warwick)
    completion(1, d(2026, 10, 2), organisation_name="Brand New Charity")

    lines = [
        Expectation.objects.create(
            level=3, audience="Organisational Prevent leads", specified_authorities_only=True
        ),
        Expectation.objects.create(
            level=1, audience="All staff of specified authorities", specified_authorities_only=True
        ),
        Expectation.objects.create(level=2, audience="School governors", sector="education"),
    ]
    lines[0].roles.set([lead])
    lines[2].roles.set([governor])
    return {"council": council, "school": school, "warwick_dc": warwick_dc, "food": food_bank}


def _counts(rows):
    return {row.label: row.by_level() for row in rows}


def test_completions_by_level_count_the_periods_rows(data):
    report = takeup_report(FY2026)

    assert report.by_level == {1: 4, 2: 1, 3: 1}
    assert report.total == 6


def test_completions_by_sector(data):
    assert _counts(takeup_report(FY2026).by_sector) == {
        "Local authority": [2, 0, 1],
        "Education and childcare": [1, 1, 0],
        "No organisation recorded": [1, 0, 0],
    }


def test_completions_by_district(data):
    rows = takeup_report(FY2026).by_district
    assert [r.label for r in rows] == ["Rugby", "No district recorded"]
    assert _counts(rows) == {"Rugby": [3, 1, 1], "No district recorded": [1, 0, 0]}


def test_completions_by_organisation_with_names_as_given_last(data):
    rows = takeup_report(FY2026).by_organisation
    assert [r.label for r in rows] == [
        "Ashlawn School",
        "Rugby Borough Council",
        "Brand New Charity (as given)",
    ]
    assert _counts(rows) == {
        "Ashlawn School": [1, 1, 0],
        "Rugby Borough Council": [2, 0, 1],
        "Brand New Charity (as given)": [1, 0, 0],
    }


def test_the_trend_covers_eight_quarters_ending_with_the_period(data):
    rows = takeup_report(FY2026).by_quarter
    assert [r.key for r in rows] == Quarter(2026, 4).last(8)
    counts = {r.key: r.by_level() for r in rows}
    assert counts[Quarter(2025, 4)] == [1, 0, 0]  # 31 March 2026 is the year before's Q4
    assert counts[Quarter(2026, 1)] == [1, 0, 1]  # 1 April 2026 opens Q1
    assert counts[Quarter(2026, 2)] == [1, 0, 0]
    assert counts[Quarter(2026, 3)] == [1, 1, 0]
    assert counts[Quarter(2026, 4)] == [1, 0, 0]
    assert counts[Quarter(2025, 1)] == [0, 0, 0]


def test_a_quarter_period_counts_only_its_quarter(data):
    report = takeup_report(Period.of_quarter(Quarter(2026, 3)))
    assert report.by_level == {1: 1, 2: 1, 3: 0}


def test_each_specified_authority_shows_its_leads_level_3_and_people_per_level(data):
    rows = {a.organisation: a for a in takeup_report(FY2026).authorities}

    assert list(rows) == ["Ashlawn School", "Rugby Borough Council", "Warwick District Council"]
    council = rows["Rugby Borough Council"]
    assert (council.has_lead, council.lead_holds_level_3) == (True, True)
    assert council.by_level() == [2, 0, 1]  # Lena and Pat hold level 1; Lena level 3
    school = rows["Ashlawn School"]
    assert (school.has_lead, school.lead_holds_level_3) == (True, False)
    assert school.by_level() == [1, 1, 0]
    warwick = rows["Warwick District Council"]
    assert (warwick.has_lead, warwick.lead_holds_level_3) == (False, False)
    assert warwick.by_level() == [0, 0, 0]


def test_the_same_person_at_the_same_level_twice_is_one_person_holding_it(data):
    lena_again = person("Lena2", organisation=data["council"])
    completion(1, dt.date(2026, 8, 1), contact=lena_again, organisation=data["council"])
    completion(1, dt.date(2026, 9, 1), contact=lena_again, organisation=data["council"])

    authorities = takeup_report(FY2026).authorities
    council = next(a for a in authorities if a.organisation_id == data["council"].pk)

    assert council.people[1] == 3


def test_who_to_target_next_lists_each_framework_lines_gaps(data):
    gaps = {g.expectation.audience: g for g in takeup_report(FY2026).gaps}

    leads = gaps["Organisational Prevent leads"]
    assert leads.people_without == 1  # Sid has no level 3
    assert leads.organisations == [("Ashlawn School", 1)]
    staff = gaps["All staff of specified authorities"]
    assert not staff.is_about_people
    assert staff.organisations == [("Warwick District Council", None)]
    governors = gaps["School governors"]
    assert governors.people_without == 0 and governors.organisations == []


def test_a_gap_closes_when_the_level_is_completed(data):
    from networks.models import Contact

    sid = Contact.objects.get(first_name="Sid")
    completion(3, dt.date(2026, 11, 11), contact=sid, organisation=data["school"])

    gaps = {g.expectation.audience: g for g in takeup_report(FY2026).gaps}
    assert gaps["Organisational Prevent leads"].people_without == 0


def test_course_feedback_averages_per_package(data):
    start = dt.datetime(2026, 6, 10, 9, 30, tzinfo=LONDON)
    wrap = training_session(title="WRAP June", level=2, start=start)
    for n, score in enumerate([4, 5]):
        invitation = Invitation.objects.create(event=wrap, contact=person(f"Fb{n}"))
        EventFeedback.objects.create(invitation=invitation, usefulness=score)

    rows = takeup_report(FY2026).feedback

    assert [(f.package, f.answers, f.average) for f in rows] == [
        ("Level 2: WRAP face-to-face workshop", 2, 4.5)
    ]


def test_a_registered_source_of_reported_figures_appears_marked_as_reported(data):
    def returns(start, end):
        yield ReportedTakeup(data["food"].pk, "Warwick Food Bank", 1, Quarter(2026, 2), 12)
        # The council has recorded level 1 completions: its reported figure is left out.
        yield ReportedTakeup(data["council"].pk, "Rugby Borough Council", 1, Quarter(2026, 2), 40)
        # Outside the period.
        yield ReportedTakeup(data["food"].pk, "Warwick Food Bank", 2, Quarter(2024, 1), 9)

    register_reported_takeup(returns)
    try:
        report = takeup_report(FY2026)
    finally:
        unregister_reported_takeup(returns)

    assert report.by_level == {1: 4, 2: 1, 3: 1}  # recorded figures unchanged
    assert report.reported_by_level == {1: 12, 2: 0, 3: 0}
    reported = [r for r in report.by_organisation if r.reported]
    assert [(r.label, r.by_level()) for r in reported] == [("Warwick Food Bank", [12, 0, 0])]


def test_the_organisations_with_recorded_completions_for_a_level_in_a_period(data):
    q1 = Quarter(2026, 1)
    council, school = data["council"].pk, data["school"].pk

    assert organisations_with_recorded_completions(q1.start, q1.end) == {council}
    assert organisations_with_recorded_completions(FY2026.start, FY2026.end, level=2) == {school}
    assert organisations_with_recorded_completions(FY2026.start, FY2026.end, level=3) == {council}
    # The food bank's completion was on 31 March 2026, the year before.
    assert data["food"].pk not in organisations_with_recorded_completions(FY2026.start, FY2026.end)
    assert organisations_with_recorded_completions(q1.start, q1.end, level=2) == set()


# --- Through the screens -------------------------------------------------------------------


def test_the_coordinator_sees_exact_figures(data, coordinator, client):
    client.force_login(coordinator)

    response = client.get(reverse("learning_admin:takeup"), {"year": "2026"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Financial year 2026–27" in body
    assert "Exact figures" in body
    assert "<td>4</td>" in body  # level 1 in the year
    assert "Warwick District Council" in body
    assert "No Prevent lead recorded" in body


def test_the_board_sees_the_same_report_with_small_numbers_suppressed(data, board_member, client):
    client.force_login(board_member)

    # 2025–26 has ended (its one completion: the food bank's, 31 March 2026)
    body = client.get(reverse("learning_admin:takeup"), {"year": "2025"}).content.decode()

    assert "Figures are protected" in body
    assert "1–7" in body
    assert "<td>4</td>" not in body
    assert "To protect individuals" in body


def test_the_csv_is_disclosed_for_everyone_and_formula_safe(data, coordinator, client):
    organisation('=HYPERLINK("http://x")', "other")
    from learning.models import Completion

    Completion.objects.create(
        organisation_name='=HYPERLINK("http://x")',
        level=1,
        completed_on=dt.date(2026, 1, 15),
        source="import",
    )
    client.force_login(coordinator)

    # 2025–26, which has ended: the food bank's completion and this one, both level 1
    response = client.get(reverse("learning_admin:takeup_csv"), {"year": "2025"})

    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0] == "section,group,Level 1,Level 2,Level 3,total,note"
    assert "Completions by level,Recorded completions,1–7,0,0,1–7" in text
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert "To protect individuals" in text


@pytest.mark.parametrize("name", ["takeup", "takeup_csv"])
def test_nobody_else_reaches_the_report(name, data, admin_without_role, client):
    client.force_login(admin_without_role)
    assert client.get(reverse(f"learning_admin:{name}")).status_code == 404
    client.logout()
    assert client.get(reverse(f"learning_admin:{name}")).status_code == 302


def test_a_bad_period_falls_back_to_this_financial_year(data, coordinator, client):
    client.force_login(coordinator)

    body = client.get(reverse("learning_admin:takeup"), {"quarter": "2026-Q9"}).content.decode()

    assert f"Financial year {Year.current().label}" in body


def test_a_line_about_several_roles_counts_a_person_holding_both_once(data):
    member = role("community-network-member", "Community network member")
    elected = role("elected-member", "Elected member")
    line = Expectation.objects.create(level=1, audience="Community members and councillors")
    line.roles.set([member, elected])
    person("Cllr", "Both", organisation=data["council"], roles=[member, elected])
    person("Mo", "Member", roles=[member])

    gap = next(g for g in takeup_report(FY2026).gaps if g.expectation == line)

    assert gap.people_without == 2
    assert dict(gap.organisations) == {"Rugby Borough Council": 1, "No organisation recorded": 1}


def test_a_board_member_asking_for_the_running_year_is_told_and_shown_the_last_ended_one(
    data, board_member, coordinator, client
):
    running, ended = Year.current(), Year.current().previous()
    client.force_login(board_member)

    response = client.get(reverse("learning_admin:takeup"), {"year": str(running)})
    quarter = client.get(reverse("learning_admin:takeup"), {"quarter": str(Quarter.current())})
    csv = client.get(reverse("learning_admin:takeup_csv"), {"year": str(running)})

    body = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"{running.label} (financial year) has not ended" in body
    assert f"Showing {ended.label}" in body
    assert f"Financial year {ended.label}" in body
    assert f"Financial year {running.label}" not in body
    # only ended years and quarters are offered
    assert f'<option value="{running}"' not in body and f'<option value="{ended}"' in body
    assert f'value="{Quarter.current()}"' not in body
    assert f'value="{Quarter.current().previous()}"' in body
    quarter_body = unescape(quarter.content.decode())
    assert "has not ended" in quarter_body
    assert f"Showing {Quarter.current().previous().label}" in quarter_body
    text = b"".join(csv.streaming_content).decode()
    assert "has not ended" in text.splitlines()[1]
    assert f"period,Financial year {ended.label}" in text
    # the coordinator's own screen is exact and may show the running year
    client.force_login(coordinator)
    own = unescape(
        client.get(reverse("learning_admin:takeup"), {"year": str(running)}).content.decode()
    )
    assert f"Financial year {running.label}" in own and "has not ended" not in own
