"""The sections from the learning and returns apps, against data counted by hand: action-plan
progress per theme (RAG in words), learning take-up beside the events, and partner returns —
exact with links for the coordinator, disclosed with no link for the board, and in the CSV
and the PDF the command writes."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from board.periods import Period
from board.sections import SECTIONS, learning, progress, returns
from core.disclosure import Rule
from core.periods import Quarter
from learning.models import Expectation
from returns.actions import record_progress
from returns.models import RAG, Action, Answer, Plan, Question, Response, Theme
from tests.support.board import london, make_board_member
from tests.support.learning import completion, district, organisation
from tests.support.returns import custom_return
from tests.support.returns import organisation as returns_org

pytestmark = pytest.mark.django_db
PERIOD = "2026-Q1"
Q1 = Period.parse(PERIOD)
EXACT = Rule.exact_figures()
BOARD = Rule()  # the default partnership rule: 1–7 hidden, others to the nearest 5
RQ1 = Quarter(2026, 1)


def _table(section, key):
    return next(t for t in section.tables if t.key == key)


def _cell(table, row, column):
    return table.cells[table.rows.index(row)][table.columns.index(column)]


def _answered(ret, org, numbers, *, state="submitted", submitted_at=None):
    response = Response.objects.create(
        ret=ret, organisation=org, state=state, submitted_at=submitted_at
    )
    for question in ret.questions.all():
        if question.referral_source in numbers:
            Answer.objects.create(
                response=response, question=question, number=numbers[question.referral_source]
            )
    return response


@pytest.fixture
def plan():
    """Theme 3 in 2026–27 Q1: 3.1 on track, 3.2 at risk (its latest update), 3.3 not reported;
    theme 1: 1.1 complete in the quarter before (carries forward)."""
    plan = Plan.objects.create(
        name="Plan", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 3, 31)
    )
    one = Theme.objects.create(plan=plan, number=1, name="Engagement")
    three = Theme.objects.create(plan=plan, number=3, name="Learning")
    a11 = Action.objects.create(theme=one, number="1.1", text="Networks", sort_order=1)
    a31 = Action.objects.create(theme=three, number="3.1", text="E-learning", sort_order=1)
    a32 = Action.objects.create(theme=three, number="3.2", text="Train the trainers", sort_order=2)
    Action.objects.create(theme=three, number="3.3", text="Workshops", sort_order=3)
    record_progress(a11, Quarter(2025, 4), RAG.COMPLETE, reported_by="x")
    record_progress(a31, RQ1, RAG.ON_TRACK, reported_by="x")
    record_progress(a32, RQ1, RAG.ON_TRACK, reported_by="x")
    record_progress(a32, RQ1, RAG.AT_RISK, reported_by="x")
    return plan


@pytest.fixture
def takeup():
    """Q1 (April–June 2026): Rugby Borough Council 12 × level 1 and 3 × level 2; Ashlawn School
    2 × level 1; one level 1 on 31 March 2026 (the quarter before). Framework: level 3 for
    every specified authority, which neither holds."""
    rugby = district("Rugby")
    council = organisation(
        "Rugby Borough Council", "local_authority", [rugby], is_specified_authority=True
    )
    school = organisation("Ashlawn School", "education", [rugby], is_specified_authority=True)
    for i in range(12):
        completion(1, dt.date(2026, 5, 1), organisation=council, district=rugby, email=f"a{i}@x")
    for i in range(3):
        completion(2, dt.date(2026, 6, 30), organisation=council, district=rugby, email=f"b{i}@x")
    for i in range(2):
        completion(1, dt.date(2026, 4, 1), organisation=school, district=rugby, email=f"c{i}@x")
    completion(1, dt.date(2026, 3, 31), organisation=school, district=rugby, email="d@x")
    Expectation.objects.create(
        level=3, audience="Specified authorities", specified_authorities_only=True
    )


@pytest.fixture
def partner_returns():
    """A return due 14 June 2026 to three organisations: one submitted on time, one late, one a
    draft. The police figures for Q1: education 4, health 9 (a draft's 50 never counts)."""
    a, b, c = (returns_org(name) for name in ("Alpha Academy", "Beta College", "Gamma School"))
    ret = custom_return(title="L&D return", due_on=dt.date(2026, 6, 14), state="sent")
    _answered(ret, a, {}, submitted_at=london(2026, 6, 14, 23, 30))
    _answered(ret, b, {}, submitted_at=london(2026, 6, 20, 9))
    _answered(ret, c, {}, state="drafted")
    sources = [
        (Question.Kind.WHOLE_NUMBER, f"From {s}", {"referral_source": s})
        for s in ("education", "health")
    ]
    police = custom_return(
        template="police_figures",
        questions=sources,
        period_start=RQ1.start,
        due_on=dt.date(2026, 7, 14),
        state="sent",
    )
    _answered(police, returns_org("Police", "police"), {"education": 4, "health": 9})
    _answered(police, returns_org("Other police", "police"), {"health": 50}, state="drafted")
    return ret


def test_every_theme_opens_with_its_own_progress_and_learning_sits_beside_the_events():
    themes = sorted({entry.THEME for entry in SECTIONS})
    assert themes == [1, 2, 3, 4, 5, 6]
    assert [p.THEME for p in progress.THEME_SECTIONS] == [1, 2, 3, 4, 5, 6]
    ordered = [e for e in sorted(SECTIONS, key=lambda e: e.THEME) if e.THEME == 3]
    names = [getattr(e, "__name__", "") for e in ordered]
    assert names.index("board.sections.learning") == names.index("board.sections.events") + 1


def test_theme_progress_counts_its_actions_in_words_and_names_those_at_risk(plan):
    section = progress.theme_figures(3, Q1, EXACT)
    table = _table(section, "progress-theme-3")
    assert table.columns == ["On track", "At risk", "Off track", "Complete", "Not reported"]
    assert [f.number for f in table.cells[0]] == [1, 1, 0, 0, 1]
    assert table.total.number == 3
    assert table.links[0][0] == "/admin/returns/progress/?quarter=2026-04-01"
    assert any("3.2 Train the trainers (At risk)" in note for note in section.notes)
    # each theme its own: theme 1's complete carries forward, and it has nothing at risk
    first = _table(progress.theme_figures(1, Q1, EXACT), "progress-theme-1")
    assert [f.number for f in first.cells[0]] == [0, 0, 0, 1, 0]
    # a theme the plan does not have says so
    assert "no progress" in progress.theme_figures(5, Q1, EXACT).notes[0]


def test_theme_progress_for_the_board_counts_actions_exactly_and_is_unlinked(plan):
    # Actions are not people: the board sees the same counts as the coordinator, no links.
    board = _table(progress.theme_figures(3, Q1, BOARD), "progress-theme-3")
    coordinator = _table(progress.theme_figures(3, Q1, EXACT), "progress-theme-3")
    assert [f.text for f in board.cells[0]] == [f.text for f in coordinator.cells[0]]
    assert board.links is None


def test_learning_take_up_by_level_sector_and_district_with_the_gaps(takeup):
    section = learning.figures(Q1, EXACT)
    headline = section.headlines[0]
    assert (headline.label, headline.value.number) == ("Completions recorded", 17)
    assert dict(headline.comparisons)["Last quarter"].number == 1  # 31 March 2026
    assert headline.link == "/admin/learning/take-up/?quarter=2026-Q1"
    levels = _table(section, "learning-level")
    assert [row[0].number for row in levels.cells] == [14, 3, 0]
    sectors = _table(section, "learning-sector")
    assert [f.number for f in sectors.cells[sectors.rows.index("Local authority")]] == [12, 3, 0]
    assert _cell(sectors, "Education and childcare", "Level 1").number == 2
    assert sectors.total.number == 17
    districts = _table(section, "learning-district")
    assert districts.rows == ["Rugby"] and districts.row_totals[0].number == 17
    gaps = _table(section, "learning-gaps")
    assert gaps.rows == ["Level 3: Specified authorities"]
    assert gaps.cells[0][0].number == 2 and gaps.cells[0][1].text == "—"
    assert any("Ashlawn School; Rugby Borough Council" in note for note in section.notes)


def test_learning_for_the_board_hides_small_counts_and_what_would_give_them_back(takeup):
    section = learning.figures(Q1, BOARD)
    sectors = _table(section, "learning-sector")
    council = sectors.rows.index("Local authority")
    assert sectors.cells[council][1].text == "1–7"  # the 3 at level 2
    assert sectors.cells[council][0].text in ("10", "withheld")  # 12: rounded or withheld
    assert "12" not in [f.text for row in sectors.cells for f in row]
    assert sectors.links is None and section.headlines[0].link == ""
    assert _table(section, "learning-gaps").cells[0][0].text == "1–7"


def test_partner_returns_returned_of_due_and_police_concerns_by_source(partner_returns):
    section = returns.figures(Q1, EXACT)
    heads = {h.label: h.value for h in section.headlines}
    assert heads["Responses due"].number == 3
    assert heads["Responses returned"].number == 2
    assert heads["Returned of those due"].text == "67%"  # 2 of 3
    assert heads["Returned on time"].text == "33%"  # 1 of 3
    due = _table(section, "returns-due")
    assert due.rows == ["L&D return (due 14 Jun 2026)"]
    assert [f.number for f in due.cells[0]] == [3, 2, 1]  # 23:30 on the due day is on time
    assert due.links[0][0] == f"/admin/returns/{partner_returns.pk}/status/"
    police = _table(section, "returns-police-concerns")
    assert police.rows == ["Education", "Health"]
    assert police.columns == [RQ1.label]
    assert [row[0].number for row in police.cells] == [4, 9]
    assert police.total.number == 13


def test_partner_returns_for_the_board_are_disclosed(partner_returns):
    section = returns.figures(Q1, BOARD)
    police = _table(section, "returns-police-concerns")
    shown = [row[0].text for row in police.cells]
    assert shown[0] == "1–7"
    assert shown[1] == "withheld"  # 9 and the total 13 would give the 4 back
    assert "13" not in police.total.text and police.links is None
    assert {h.label: h.value.text for h in section.headlines}["Responses due"] == "1–7"
    assert _table(section, "returns-due").links is None


@pytest.fixture
def everything(plan, takeup, partner_returns):
    return partner_returns


def test_the_board_view_shows_the_new_sections_disclosed_and_without_links(
    client, django_user_model, everything
):
    client.force_login(make_board_member(django_user_model))
    body = client.get("/admin/board/", {"period": PERIOD}).content.decode()
    for title in (
        "Action-plan progress: Awareness, learning and development",
        "Learning and development take-up",
        "Partner returns",
        "Police Prevent concerns received, by referral source sector",
    ):
        assert title in body
    sectors = body[body.index("<caption>Completions by sector and level") :]
    sectors = sectors[: sectors.index("</table>")]
    assert "<td>1–7</td>" in sectors and "<td>12</td>" not in sectors and "<a " not in sectors
    assert "/admin/returns/progress/?quarter=" not in body
    assert f"/admin/returns/{everything.pk}/status/" not in body
    assert "/admin/learning/take-up/?quarter=" not in body
    assert "3.2 Train the trainers (At risk)" in body


def test_the_coordinator_sees_the_new_sections_exact_with_links(client, coordinator, everything):
    client.force_login(coordinator)
    body = client.get("/admin/board/", {"period": PERIOD}).content.decode()
    sectors = body[body.index("<caption>Completions by sector and level") :]
    sectors = sectors[: sectors.index("</table>")]
    assert '<a href="/admin/learning/take-up/?quarter=2026-Q1">12</a>' in sectors
    police = body[body.index("<caption>Police Prevent concerns received") :]
    police = police[: police.index("</table>")]
    assert ">4</a>" in police and ">9</a>" in police
    assert f'href="/admin/returns/{everything.pk}/status/"' in body
    assert 'href="/admin/returns/progress/?quarter=2026-04-01"' in body


def test_the_csv_of_a_new_table_is_disclosed_even_for_the_coordinator(
    client, coordinator, everything
):
    client.force_login(coordinator)
    response = client.get("/admin/board/tables/returns-police-concerns.csv", {"period": PERIOD})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    education = next(line for line in text.splitlines() if line.startswith("Education"))
    assert "1–7" in education and ",4" not in education
    assert "To protect individuals" in text


def test_the_commands_csv_and_pdf_hold_the_new_sections(tmp_path, everything):
    csv_file, pdf_file = tmp_path / "q1.csv", tmp_path / "q1.pdf"
    for fmt, path in (("csv", csv_file), ("pdf", pdf_file)):
        call_command(
            "board_report", period=PERIOD, format=fmt, output=str(path), stdout=io.StringIO()
        )
    text = csv_file.read_text()
    for title in (
        "Theme 3 actions by progress",
        "Completions by sector and level",
        "Framework gaps: who to target next",
        "Returns due in the period: asked, returned and on time",
        "Police Prevent concerns received, by referral source sector",
    ):
        assert title in text
    assert "At risk" in text
    learning_csv = text[text.index("Completions by sector and level") :]
    council = next(r for r in learning_csv.splitlines() if r.startswith("Local authority,"))
    assert council.split(",")[1:4] != ["12", "3", "0"] and "1–7" in council
    reader = PdfReader(str(pdf_file))
    pdf = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for title in (
        "Action-plan progress: Awareness, learning and development",
        "Learning and development take-up",
        "Completions by district and level",
        "Partner returns",
        "Police Prevent concerns received, by referral source sector",
        "Not reported",
    ):
        assert title in pdf
