"""Coverage against headcount: people in date at each level against the staff each organisation
says need it, by organisation (furthest below the target first), sector and district, worked
out by hand; organisations without a headcount shown as such; and the board's, the CSV's and
the board section's figures disclosed so that nothing hidden can be subtracted back."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from board.sections import learning as board_learning
from core.disclosure import Rule
from core.periods import Year
from learning.coverage import coverage
from learning.disclosed import disclose_coverage
from learning.models import Headcount
from learning.report import Period, coverage_day
from tests.support.learning import completion, district, organisation, person

pytestmark = pytest.mark.django_db

d = dt.date
ON = d(2026, 3, 31)  # the last day of 2025–26, which has ended: the board may see it
FY2025 = Period.of_year(Year(2025))
BOARD = Rule()  # the partnership's default rule: 1–7 hidden, others to the nearest 5


def stated(org, as_of, source="coordinator", **levels):
    for key, n in levels.items():
        Headcount.objects.create(
            organisation=org, level=int(key[1]), staff_needing=n, as_of=as_of, source=source
        )


@pytest.fixture
def data():
    """Coverage on 31 March 2026, every level in date for three years (the default):

    | organisation (sector, district)         | headcount, L1/L2/L3 (day) | in date, L1/L2/L3 |
    |-----------------------------------------|---------------------------|-------------------|
    | Rugby Borough Council (LA, Rugby)        | 10 / 4 / 1 (15 Jan 2026)  | 3 / 1 / 1         |
    | Ashlawn School (education, Rugby)        | 4 / – / – (1 Feb 2026)    | 2 / 1 / 0         |
    | Warwick Food Bank (voluntary, Warwick)   | 5 / – / – (1 Mar 2026)    | 1 / 0 / 0         |
    | Warwick District Council (LA, Warwick)   | none: shown as such       | 0 / 0 / 0         |

    The council: Lena holds level 3 (2025) and level 1 (2024), one person at every level; Pat's
    level 1 of 1 April 2023 is in date until 1 April 2026; Old's level 2 of 31 March 2023
    expired on 31 March 2026; Sam has level 1 twice (one person). Its headcount of 50 (June
    2025) was replaced in January; one of 99 stated on 1 May 2026 is after the day.
    The school: Gail's level 2 counts at level 1 too; Quin's level 1 on the day itself counts;
    Zed's on the day after does not. Gaps from the 85 % target: the food bank 65 points
    (level 1, one person), the council 60 (level 2: 25 %), the school 35 (level 1: 50 %).
    """
    rugby, warwick = district("Rugby"), district("Warwick")
    rugby.sort_order, warwick.sort_order = 0, 1
    rugby.save(), warwick.save()
    council = organisation(
        "Rugby Borough Council", "local_authority", [rugby], is_specified_authority=True
    )
    school = organisation("Ashlawn School", "education", [rugby], is_specified_authority=True)
    organisation(
        "Warwick District Council", "local_authority", [warwick], is_specified_authority=True
    )
    food = organisation("Warwick Food Bank", "voluntary", [warwick])
    organisation("Nobody's Charity", "voluntary", [warwick])  # no headcount, not an authority

    stated(council, d(2025, 6, 1), l1=50)
    stated(council, d(2026, 1, 15), l1=10, l2=4, l3=1)
    stated(council, d(2026, 5, 1), l1=99)
    stated(school, d(2026, 2, 1), "return", l1=4)
    stated(food, d(2026, 3, 1), l1=5)

    lena = person("Lena", organisation=council)
    sam = person("Sam", organisation=council)
    gail = person("Gail", organisation=school)
    completion(3, d(2025, 5, 10), contact=lena, organisation=council)
    completion(1, d(2024, 1, 1), contact=lena, organisation=council)
    completion(1, d(2023, 4, 1), email="pat@x.example", organisation=council)
    completion(2, d(2023, 3, 31), email="old@x.example", organisation=council)
    completion(1, d(2025, 9, 1), contact=sam, organisation=council)
    completion(1, d(2025, 10, 1), contact=sam, organisation=council)
    completion(2, d(2025, 12, 1), contact=gail, organisation=school)
    completion(1, ON, email="quin@x.example", organisation=school)
    completion(1, d(2026, 4, 1), email="zed@x.example", organisation=school)
    completion(1, d(2025, 7, 1), email="fay@x.example", organisation=food)
    completion(1, d(2025, 7, 1), email="ned@x.example", organisation_name="Nobody's Charity")
    return {"council": council, "school": school, "food": food}


def _rows(rows):
    return {
        r.label: ([r.in_date[level] for level in (1, 2, 3)], [r.needing[n] for n in (1, 2, 3)])
        for r in rows
    }


def test_people_in_date_against_the_latest_headcount_by_organisation(data):
    cov = coverage(ON)

    assert cov.on == ON and cov.target == 85
    assert _rows(cov.organisations) == {
        "Ashlawn School": ([2, 1, 0], [4, None, None]),
        "Rugby Borough Council": ([3, 1, 1], [10, 4, 1]),
        "Warwick Food Bank": ([1, 0, 0], [5, None, None]),
    }
    council = next(r for r in cov.organisations if r.key == data["council"].pk)
    assert council.as_of == d(2026, 1, 15)  # not the 99 of May, after the day


def test_an_expired_completion_counts_nowhere_and_two_completions_are_one_person(data):
    council = next(r for r in coverage(ON).organisations if r.key == data["council"].pk)
    # Old's level 2 expired on the day: only Lena (level 3) holds level 2 in date.
    assert council.in_date[2] == 1
    # Lena (twice), Pat, Sam (twice): three people at level 1.
    assert council.in_date[1] == 3

    # The day before Pat's level 1 expires it counts; on the day it does not.
    def council_on(day):
        return next(r for r in coverage(day).organisations if r.key == data["council"].pk)

    assert council_on(d(2026, 3, 31)).in_date[1] == 3
    assert council_on(d(2026, 4, 1)).in_date[1] == 2


def test_sectors_districts_and_the_total_add_up_only_the_organisations_stating_a_level(data):
    cov = coverage(ON)

    assert _rows(cov.by_sector) == {
        "Local authority": ([3, 1, 1], [10, 4, 1]),
        "Education and childcare": ([2, 0, 0], [4, None, None]),
        "Voluntary and community": ([1, 0, 0], [5, None, None]),
    }
    assert _rows(cov.by_district) == {
        "Rugby": ([5, 1, 1], [14, 4, 1]),
        "Warwick": ([1, 0, 0], [5, None, None]),
    }
    assert _rows([cov.total]) == {"All organisations with a headcount": ([6, 1, 1], [19, 4, 1])}


def test_an_authority_without_a_headcount_is_listed_as_such_and_others_not_at_all(data):
    cov = coverage(ON)

    assert [r.label for r in cov.unstated] == ["Warwick District Council"]
    listed = {r.label for r in cov.organisations} | {r.label for r in cov.unstated}
    assert "Nobody's Charity" not in listed


def test_the_coordinator_sees_the_furthest_below_the_target_first_by_the_gap_not_the_count(data):
    shown = disclose_coverage(coverage(ON), Rule.exact_figures())

    assert [(r.label, r.gap_text) for r in shown.organisations] == [
        ("Warwick Food Bank", "Level 1: 65 points below"),  # 1 of 5: 20 %
        ("Rugby Borough Council", "Level 2: 60 points below"),  # 1 of 4: 25 %
        ("Ashlawn School", "Level 1: 35 points below"),  # 2 of 4: 50 %
    ]
    council = shown.organisations[1]
    assert [c.percent.text for c in council.cells] == ["30%", "25%", "100%"]
    assert shown.organisations[2].cells[1].needing is None  # level 2 not stated
    rugby = next(r for r in shown.by_district if r.label == "Rugby")
    assert rugby.cells[0].percent.text == f"{round(100 * 5 / 14)}%"


def test_the_target_is_the_partnerships_setting(data):
    from core.partnership import partnership

    settings = partnership()
    settings.training_coverage_target = 50
    settings.save()

    shown = disclose_coverage(coverage(ON), Rule.exact_figures())

    assert shown.target == 50
    assert [(r.label, r.gap_text) for r in shown.organisations][-1] == (
        "Ashlawn School",
        "Level 1: at or above the target",
    )


def test_the_coordinators_page_shows_coverage_and_the_authority_without_a_headcount(
    data, coordinator, client
):
    client.force_login(coordinator)

    body = unescape(client.get(reverse("learning_admin:takeup"), {"year": "2025"}).content.decode())

    coverage_part = body[body.index('id="coverage"') :]
    organisations = coverage_part[coverage_part.index('data-table="coverage-organisation"') :]
    organisations = organisations[: organisations.index("</table>")]
    assert organisations.index("Warwick Food Bank") < organisations.index("Rugby Borough Council")
    assert "<td>30%</td><td>3</td>" not in organisations  # cells are in date, need it, %
    assert "<td>3</td><td>10</td><td>30%</td>" in organisations
    unstated = coverage_part[coverage_part.index('data-table="coverage-unstated"') :]
    assert "Warwick District Council" in unstated[: unstated.index("</table>")]
    assert "Warwick District Council" not in organisations  # not shown as 0 %
    assert "on 31 March 2026" in coverage_part


# --- Disclosed for the board: nothing hidden comes back by subtraction ------------------------


@pytest.fixture
def health():
    """Seven authorities in two sectors and two districts, level 1 only, on 31 March 2026
    (people in date of staff needing it):

    |            | North                           | South                      |
    |------------|---------------------------------|----------------------------|
    | health     | Trust A 40/50, Clinic C 0/6     | Trust B 3/10, Trust E 30/40 |
    | education  | School F 25/30, School G 15/20  | School D 20/30             |

    Under the rule Trust B's 3 people and Clinic C's 6 staff are hidden (1–7), and enough
    other figures are withheld that no sector, district or total less its shown parts gives
    either back (Health's 73 people less Trust A, Clinic C and Trust E would give Trust B's 3:
    Trust E's 30 is withheld). Trust A's 80 % is the only organisation's percentage left."""
    north, south = district("North"), district("South")
    north.sort_order, south.sort_order = 0, 1
    north.save(), south.save()
    table = {
        "Trust A": ("health", north, 40, 50),
        "Trust B": ("health", south, 3, 10),
        "Clinic C": ("health", north, 0, 6),
        "Trust E": ("health", south, 30, 40),
        "School D": ("education", south, 20, 30),
        "School F": ("education", north, 25, 30),
        "School G": ("education", north, 15, 20),
    }
    orgs = {}
    for name, (sector, where, people, needing) in table.items():
        orgs[name] = organisation(name, sector, [where], is_specified_authority=True)
        stated(orgs[name], d(2026, 1, 10), l1=needing)
        for i in range(people):
            completion(1, d(2025, 6, 1), email=f"{name[-1]}{i}@x.example", organisation=orgs[name])
    return orgs


def _lines(shown):
    """Every sum a reader can form at each level and measure, as (total, parts): each sector
    and district with its organisations, the total with its sectors, its districts and all its
    organisations."""
    cov = coverage(ON)
    by_label = {r.label: r for r in shown.organisations}
    exact = {r.label: r for r in cov.organisations}
    lines = []
    for level in (1, 2, 3):
        for measure in ("in_date", "needing"):

            def fig(row, level=level, measure=measure):
                return getattr(row.cells[level - 1], measure)

            stating = [name for name, r in exact.items() if r.needing[level] is not None]
            for rows, key in ((shown.by_sector, "sector"), (shown.by_district, "district_id")):
                for group_row, group in zip(rows, _groups(cov, key), strict=True):
                    parts = [fig(by_label[n]) for n in stating if getattr(exact[n], key) == group]
                    if parts:
                        lines.append((fig(group_row), parts))
                if stating:
                    lines.append((fig(shown.total), [fig(r) for r in rows if fig(r) is not None]))
            if stating:
                lines.append((fig(shown.total), [fig(by_label[n]) for n in stating]))
    return lines


def _groups(cov, key):
    rows = cov.by_sector if key == "sector" else cov.by_district
    return [r.key for r in rows]


def test_the_board_sees_small_counts_hidden_and_no_sum_gives_one_back(health):
    shown = disclose_coverage(coverage(ON), BOARD)
    rows = {r.label: r.cells[0] for r in shown.organisations}

    assert (rows["Trust B"].in_date.text, rows["Trust B"].percent.text) == ("1–7", "—")
    # A small denominator hides the percentage too (0 of 6 would say "nobody of 6").
    assert (rows["Clinic C"].needing.text, rows["Clinic C"].percent.text) == ("1–7", "—")
    # Health's 73 less Trust A's 40 and Clinic C's 0 would give Trust B's 3 with Trust E's 30.
    assert (rows["Trust E"].in_date.text, rows["Trust E"].percent.text) == ("withheld", "—")
    assert rows["School G"].needing.text == "withheld"  # North's staff less the rest: Clinic C
    assert rows["Trust A"].percent.text == "80%"
    for total, parts in _lines(shown):
        hidden = [p for p in [*parts, total] if p.hidden]
        assert len(hidden) != 1, "a line with one hidden figure gives it back by subtraction"
    for row in [*shown.organisations, *shown.by_sector, *shown.by_district, shown.total]:
        for cell in row.cells:
            if cell.in_date.hidden or (cell.needing is not None and cell.needing.hidden):
                assert cell.percent.hidden  # a percentage never carries a hidden figure


def test_the_board_order_follows_the_figures_as_shown_and_the_coordinators_the_exact_ones(
    health,
):
    board = disclose_coverage(coverage(ON), BOARD)
    exact = disclose_coverage(coverage(ON), Rule.exact_figures())

    # Only Trust A (5 points below) has a percentage shown; the rest follow by name, so their
    # place says nothing about a hidden figure.
    assert [r.label for r in board.organisations] == [
        "Trust A",
        "Clinic C",
        "School D",
        "School F",
        "School G",
        "Trust B",
        "Trust E",
    ]
    assert board.organisations[0].gap_text == "Level 1: 5 points below"
    # Exact: Clinic C 0 % (85 points), Trust B 30 % (55), School D 67 % (18), Trust E and
    # School G 75 % (10: the larger headcount first), Trust A 80 %, School F 83 %.
    assert [r.label for r in exact.organisations] == [
        "Clinic C",
        "Trust B",
        "School D",
        "Trust E",
        "School G",
        "Trust A",
        "School F",
    ]


def test_a_board_member_reads_coverage_disclosed_on_the_takeup_report_and_its_csv(
    health, board_member, client
):
    client.force_login(board_member)

    page = unescape(client.get(reverse("learning_admin:takeup"), {"year": "2025"}).content.decode())
    csv = b"".join(
        client.get(reverse("learning_admin:takeup_csv"), {"year": "2025"}).streaming_content
    ).decode()

    organisations = page[page.index('data-table="coverage-organisation"') :]
    organisations = organisations[: organisations.index("</table>")]
    assert "<td>1–7</td>" in organisations and "<td>withheld</td>" in organisations
    assert "<td>3</td>" not in organisations and "<td>30</td><td>40</td>" not in organisations
    lines = csv.splitlines()

    def line(section, name):
        return next(x for x in lines if x.startswith(section) and f",{name}," in x).split(",")

    assert line("Coverage by organisation: people in date", "Trust B")[2] == "1–7"
    assert line("Coverage by organisation: % in date", "Trust B")[2] == "—"
    assert line("Coverage by organisation: people in date", "Trust E")[2] == "withheld"
    assert line("Coverage by sector: people in date", "Health")[2] == "75"  # 73, rounded
    assert line("Coverage by sector: % in date", "Health")[2] == "71%"  # 75 of 105 as shown


def test_the_coordinators_csv_is_disclosed_too(health, coordinator, client):
    client.force_login(coordinator)

    csv = b"".join(
        client.get(reverse("learning_admin:takeup_csv"), {"year": "2025"}).streaming_content
    ).decode()

    assert "Coverage by organisation: people in date on 31 March 2026,Trust B,1–7" in csv


def test_the_boards_learning_section_shows_coverage_by_sector_and_district_disclosed(health):
    section = board_learning.figures(FY2025, BOARD)
    sectors = next(t for t in section.tables if t.key == "learning-coverage-sector")
    districts = next(t for t in section.tables if t.key == "learning-coverage-district")

    assert sectors.rows == [
        "Education and childcare",
        "Health",
        "All organisations with a headcount",
    ]
    assert districts.rows == ["North", "South", "All organisations with a headcount"]

    def cell(table, row, column):
        return table.cells[table.rows.index(row)][table.columns.index(column)].text

    assert cell(sectors, "Health", "Level 1 in date") == "75"  # 73
    assert cell(sectors, "Health", "Level 1 need it") == "105"  # 106
    assert cell(sectors, "Health", "Level 1 % in date") == "71%"
    assert cell(sectors, "Health", "Level 2 need it") == "not stated"
    assert cell(districts, "South", "Level 1 in date") == "55"  # 53
    # Names only beside a percentage that is shown, furthest below the target first.
    note = next(n for n in section.notes if n.startswith("Who to target next, furthest below"))
    assert note.endswith(": Trust A (80% at Level 1).")
    assert "Trust B" not in note and "Clinic C" not in note
    exact = board_learning.figures(FY2025, Rule.exact_figures())
    exact_sectors = next(t for t in exact.tables if t.key == "learning-coverage-sector")
    assert cell(exact_sectors, "Health", "Level 1 in date") == "73"


def test_the_coverage_day_of_a_period_is_its_last_or_today_while_it_runs():
    from learning.currency import today

    assert coverage_day(FY2025) == ON
    assert coverage_day(Period.of_year(Year.current())) == today()


def test_names_are_escaped_in_the_tables_rows(coordinator, client):
    org = organisation("<b>Bold & Co</b>", "education", is_specified_authority=True)
    stated(org, d(2026, 1, 10), l1=10)
    completion(1, d(2025, 6, 1), email="b@x.example", organisation=org)
    client.force_login(coordinator)

    body = client.get(reverse("learning_admin:takeup"), {"year": "2025"}).content.decode()

    assert "<b>Bold" not in body
    assert (
        body.count("&lt;b&gt;Bold &amp; Co&lt;/b&gt;") >= 3
    )  # by organisation, authorities, coverage
