"""Every aggregate against hand-computed data: the level figures for the take-up report, the
plan's progress, returns due and returned, the police concerns by source, the coordinator's
breakdowns by quarter, sector and district, and the CSV export through disclosure control."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from returns.actions import record_progress
from returns.aggregates import (
    breakdowns,
    plan_progress,
    police_concerns_by_source,
    reported_level_figures,
    returns_due_and_returned,
)
from returns.models import RAG, Action, Answer, Plan, Question, Response, Return, Theme
from returns.periods import Quarter
from tests.support.returns import custom_return, district, organisation

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)
LEVELS = [(Question.Kind.WHOLE_NUMBER, f"Level {n}", {"level": n}) for n in (1, 2, 3)]
SOURCES = [
    (Question.Kind.WHOLE_NUMBER, f"From {s}", {"referral_source": s})
    for s in ("education", "health")
]


def answered(ret, org, numbers: dict, state="submitted", key="level", submitted_at=None):
    response = Response.objects.create(
        ret=ret, organisation=org, state=state, submitted_at=submitted_at
    )
    for question in ret.questions.all():
        value = numbers.get(getattr(question, key))
        if value is not None:
            Answer.objects.create(response=response, question=question, number=value)
    return response


@pytest.fixture
def world():
    north, south = district("North", 1), district("South", 2)
    a = organisation("Alpha Academy", "education", [south, north])  # first district: North
    b = organisation("Beta Hospital", "health", [south])
    c = organisation("Gamma College", "education", [])
    q1 = custom_return(
        template="ld_quarterly", questions=LEVELS, period_start=Q1.start, state="sent"
    )
    q2 = custom_return(
        template="ld_quarterly", questions=LEVELS, period_start=Q2.start, state="sent"
    )
    old = custom_return(
        template="ld_quarterly", questions=LEVELS, period_start=date(2026, 1, 1), state="sent"
    )
    answered(q1, a, {1: 10, 2: 3, 3: 0})
    answered(q1, b, {1: 5, 2: 2})
    answered(q1, c, {1: 100}, state="drafted")  # a draft never counts
    answered(q2, a, {1: 7})
    answered(q2, b, {1: 1, 3: 1})
    answered(q2, c, {2: 4})
    answered(q2, organisation("Delta Trust"), {1: 50}, state="reopened")  # being corrected
    answered(old, a, {1: 99})  # before the period asked for
    return {"a": a, "b": b, "c": c}


def test_reported_level_figures_per_organisation_level_and_quarter(world):
    rows = reported_level_figures(Q1.start, Q2.end)
    assert [(r.organisation, r.sector, r.district, r.level, r.quarter, r.count) for r in rows] == [
        ("Alpha Academy", "education", "North", 1, Q1, 10),
        ("Alpha Academy", "education", "North", 2, Q1, 3),
        ("Alpha Academy", "education", "North", 3, Q1, 0),
        ("Beta Hospital", "health", "South", 1, Q1, 5),
        ("Beta Hospital", "health", "South", 2, Q1, 2),
        ("Alpha Academy", "education", "North", 1, Q2, 7),
        ("Beta Hospital", "health", "South", 1, Q2, 1),
        ("Beta Hospital", "health", "South", 3, Q2, 1),
        ("Gamma College", "education", "", 2, Q2, 4),
    ]
    assert rows[0].organisation_id == world["a"].pk
    assert [r.count for r in reported_level_figures(Q2.start, Q2.end)] == [7, 1, 1, 4]


def test_breakdowns_by_quarter_sector_and_district(world):
    tables = breakdowns("ld_quarterly", Q1.start, Q2.end)
    assert tables["by_quarter"] == [(Q1.label, [15, 5, 0]), (Q2.label, [8, 4, 1])]
    assert tables["by_sector"] == [
        ("Education and childcare", [17, 7, 0]),
        ("Health", [6, 2, 1]),
    ]
    assert tables["by_district"] == [
        ("North", [17, 3, 0]),
        ("South", [6, 2, 1]),
        ("No district", [0, 4, 0]),
    ]


def test_police_concerns_by_referral_source(world):
    police = organisation("Northvale Police", "police")
    team = organisation("Southvale Police", "police")
    p1 = custom_return(template="police_figures", questions=SOURCES, period_start=Q1.start)
    p2 = custom_return(template="police_figures", questions=SOURCES, period_start=Q2.start)
    answered(p1, police, {"education": 4, "health": 2}, key="referral_source")
    answered(p1, team, {"education": 3}, key="referral_source")
    answered(p2, police, {"education": 1}, key="referral_source")
    answered(p2, team, {"health": 9}, state="drafted", key="referral_source")
    rows = police_concerns_by_source(Q1.start, Q2.end)
    assert [(r.quarter, r.source, r.label, r.count) for r in rows] == [
        (Q1, "education", "Education", 7),
        (Q1, "health", "Health", 2),
        (Q2, "education", "Education", 1),
    ]


def test_returns_due_and_returned_count_on_time_in_london_time(world):
    ret = custom_return(title="Due in July", due_on=date(2026, 7, 14), state="sent")
    answered(ret, world["a"], {}, submitted_at=datetime(2026, 7, 14, 23, 30, tzinfo=LONDON))
    answered(ret, world["b"], {}, submitted_at=datetime(2026, 7, 20, 9, 0, tzinfo=LONDON))
    answered(ret, world["c"], {}, state="drafted")
    custom_return(title="Still a draft", due_on=date(2026, 7, 20))
    custom_return(title="Due later", due_on=date(2026, 12, 1), state="sent")
    rows = returns_due_and_returned(date(2026, 7, 1), date(2026, 9, 30))
    assert [(r.title, r.asked, r.returned, r.on_time) for r in rows] == [("Due in July", 3, 2, 1)]
    assert rows[0].return_id == ret.pk and rows[0].due_on == date(2026, 7, 14)


def test_plan_progress_counts_each_themes_statuses_and_names_the_worrying_actions():
    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    one = Theme.objects.create(plan=plan, number=1, name="Engagement")
    two = Theme.objects.create(plan=plan, number=2, name="Leadership")
    a11 = Action.objects.create(theme=one, number="1.1", text="Networks", sort_order=1)
    a12 = Action.objects.create(theme=one, number="1.2", text="VCS", sort_order=2)
    a21 = Action.objects.create(theme=two, number="2.1", text="Leads", sort_order=1)
    a22 = Action.objects.create(theme=two, number="2.2", text="Hub", sort_order=2)
    record_progress(a11, Q2, RAG.ON_TRACK, reported_by="x")
    record_progress(a11, Q2, RAG.AT_RISK, reported_by="x", narrative="Funding gap")  # latest
    record_progress(a12, Q1, RAG.COMPLETE, reported_by="x")  # carries forward
    record_progress(a21, Q1, RAG.OFF_TRACK, reported_by="x")  # not reported in Q2
    record_progress(a22, Q2, RAG.OFF_TRACK, reported_by="x")
    record_progress(a22, Quarter(2026, 3), RAG.ON_TRACK, reported_by="x")  # after Q2

    first, second = plan_progress(Q2, plan)
    assert first.theme == one and second.theme == two
    assert first.counts == {
        "on_track": 0, "at_risk": 1, "off_track": 0, "complete": 1, "not_reported": 0
    }  # fmt: skip
    assert second.counts == {
        "on_track": 0, "at_risk": 0, "off_track": 1, "complete": 0, "not_reported": 1
    }  # fmt: skip
    assert [(a.number, u.status, u.narrative) for a, u in first.concerns] == [
        ("1.1", "at_risk", "Funding gap")
    ]
    assert [a.number for a, _ in second.concerns] == ["2.2"]


def test_the_coordinator_sees_exact_figures_on_screen(world, client, coordinator):
    client.force_login(coordinator)
    page = client.get("/admin/returns/figures/?template=ld_quarterly&quarters=12").content.decode()
    assert "Figures are exact" in page
    assert "<td>5</td>" in page  # Q1 level 2 as it is


def test_the_csv_export_goes_through_disclosure_control(world, client, coordinator, monkeypatch):
    from returns.views import admin as admin_views

    monkeypatch.setattr(admin_views.Quarter, "current", classmethod(lambda cls: Q2))
    client.force_login(coordinator)
    response = client.get("/admin/returns/figures.csv?template=ld_quarterly&quarters=4")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    lines = body.splitlines()
    q1 = next(line for line in lines if line.startswith(Q1.label[:7]))
    assert "1–7" in q1 and ",5," not in q1 and ",3," not in q1
    assert "To protect individuals" in body


def test_an_export_cell_cannot_run_as_a_formula(client, coordinator, monkeypatch):
    from returns.views import admin as admin_views

    monkeypatch.setattr(admin_views.Quarter, "current", classmethod(lambda cls: Q2))
    evil = organisation("Evil", "education", [district("=HYPERLINK(1)")])
    ret = custom_return(template="ld_quarterly", questions=LEVELS, period_start=Q2.start)
    answered(ret, evil, {1: 20})
    client.force_login(coordinator)
    body = b"".join(client.get("/admin/returns/figures.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_a_board_member_reads_disclosed_figures_and_an_outsider_nothing(
    world, client, django_user_model, outsider
):
    board = django_user_model.objects.create_user("board", "board@example.org", "pw")
    board.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_returns_report"),
    )
    client.force_login(board)
    page = client.get("/admin/returns/figures/?quarters=12").content.decode()
    assert "1–7" in page and "Figures are exact" not in page
    assert client.get("/admin/returns/progress/").status_code == 200
    assert client.get("/admin/returns/").status_code == 404  # the coordinator's screens
    client.force_login(outsider)
    assert client.get("/admin/returns/figures/").status_code in (302, 404)
    assert client.get("/admin/returns/figures.csv").status_code in (302, 404)
    assert Return.objects.exists()
