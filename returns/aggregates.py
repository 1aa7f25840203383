"""The figures returns feed to the take-up report (learning) and the board reports: the one
place that reads submitted answers as figures. Only submitted responses count (a draft, or a
response reopened for a change, is left out until it is submitted again).

An organisation counts in ONE district: its first in the directory's order (`District.sort_order`,
then name), "" when it has none, so a table by district adds up to the total.

Functions for the other capabilities (each takes dates and returns plain rows; none applies
disclosure control, which is the caller's job for anything leaving the coordinator's screens):

- `reported_level_figures(start, end)` → [LevelFigure(organisation_id, organisation, sector,
  district, level, quarter, count)]: staff trained at L&D level 1, 2 or 3 as the quarterly L&D
  return reported them, per organisation and quarter, for returns whose quarter starts within
  [start, end]. Organisations whose completions are recorded are not asked, so the take-up report
  can add these to its recorded completions without counting anyone twice.
- `plan_progress(period)` → [ThemeProgress(theme, counts, concerns)] for the plan in force at
  the start of `period` (a Quarter): per theme the number of actions "on track", "at risk", "off
  track", "complete" and "not reported" that quarter, and the actions at risk or off track with
  their latest update. An action's status in a quarter is its latest update of that quarter; a
  "complete" from an earlier quarter carries forward; anything else unreported is "not reported".
- `returns_due_and_returned(start, end)` → [ReturnFigures(return_id, title, template, period,
  due_on, asked, returned, on_time)] for the returns sent and due within [start, end].
- `police_concerns_by_source(start, end)` → [ConcernFigure(quarter, source, label, count)]: the
  police Prevent team's concerns received, by referral source sector (counts only), summed over
  the organisations that answered, for quarters starting within [start, end].
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum

from networks.models import Organisation, Sector

from .models import (
    RAG,
    Action,
    Answer,
    ProgressUpdate,
    Question,
    Response,
    Return,
    Template,
    Theme,
)
from .periods import Quarter
from .ready_made import LEVELS, REFERRAL_SOURCES, current_plan

NOT_REPORTED = "not_reported"
STATUS_WORDS = {**dict(RAG.choices), NOT_REPORTED: "Not reported"}
SECTOR_NAMES = dict(Sector.choices)


class LevelFigure(NamedTuple):
    organisation_id: int
    organisation: str
    sector: str
    district: str
    level: int
    quarter: Quarter
    count: int


class ThemeProgress(NamedTuple):
    theme: Theme
    counts: dict
    concerns: list


class ReturnFigures(NamedTuple):
    return_id: int
    title: str
    template: str
    period: str
    due_on: object
    asked: int
    returned: int
    on_time: int


class ConcernFigure(NamedTuple):
    quarter: Quarter
    source: str
    label: str
    count: int


def primary_district(organisation_ref):
    """A subquery: the name of the organisation's first district (directory order)."""
    through = Organisation.districts.through.objects.filter(organisation_id=organisation_ref)
    return Subquery(
        through.order_by("district__sort_order", "district__name").values("district__name")[:1]
    )


def submitted_numbers(template: str, start, end):
    """Whole-number answers of submitted responses to returns of `template` whose period starts
    within [start, end]."""
    return Answer.objects.filter(
        response__state=Response.State.SUBMITTED,
        response__ret__template=template,
        response__ret__period_start__gte=start,
        response__ret__period_start__lte=end,
        number__isnull=False,
    )


def reported_level_figures(start, end) -> list[LevelFigure]:
    rows = (
        submitted_numbers(Template.LD_QUARTERLY, start, end)
        .filter(question__level__isnull=False)
        .values(
            "response__organisation_id",
            "response__organisation__name",
            "response__organisation__sector",
            "question__level",
            "response__ret__period_start",
        )
        .annotate(n=Sum("number"), district=primary_district(OuterRef("response__organisation_id")))
        .order_by("response__ret__period_start", "response__organisation__name", "question__level")
    )
    return [
        LevelFigure(
            r["response__organisation_id"],
            r["response__organisation__name"],
            r["response__organisation__sector"],
            r["district"] or "",
            r["question__level"],
            Quarter.containing(r["response__ret__period_start"]),
            r["n"],
        )
        for r in rows
    ]


def plan_progress(period: Quarter, plan=None) -> list[ThemeProgress]:
    plan = plan or current_plan(period.start)
    if plan is None:
        return []
    themes = list(Theme.objects.filter(plan=plan).order_by("number"))
    actions = list(Action.objects.filter(theme__plan=plan).order_by("sort_order", "id"))
    latest_now, complete_before = {}, set()
    updates = ProgressUpdate.objects.filter(
        action__theme__plan=plan, quarter_start__lte=period.start
    ).order_by("-quarter_start", "-created_at", "-id")
    for update in updates:
        if update.quarter_start == period.start:
            latest_now.setdefault(update.action_id, update)
        elif update.action_id not in latest_now and update.status == RAG.COMPLETE:
            complete_before.add(update.action_id)
    by_theme = {t.pk: ThemeProgress(t, dict.fromkeys(STATUS_WORDS, 0), []) for t in themes}
    for action in actions:
        entry = by_theme[action.theme_id]
        update = latest_now.get(action.pk)
        if update is not None:
            status = update.status
        elif action.pk in complete_before:
            status = RAG.COMPLETE
        else:
            status = NOT_REPORTED
        entry.counts[status] += 1
        if status in (RAG.AT_RISK, RAG.OFF_TRACK):
            entry.concerns.append((action, update))
    return list(by_theme.values())


def returns_due_and_returned(start, end) -> list[ReturnFigures]:
    rows = (
        Return.objects.exclude(state=Return.State.DRAFT)
        .filter(due_on__gte=start, due_on__lte=end)
        .annotate(
            asked=Count("responses", distinct=True),
            returned=Count(
                "responses",
                filter=Q(responses__state=Response.State.SUBMITTED),
                distinct=True,
            ),
            on_time=Count(
                "responses",
                filter=Q(
                    responses__state=Response.State.SUBMITTED,
                    responses__submitted_at__date__lte=F("due_on"),
                ),
                distinct=True,
            ),
        )
        .order_by("due_on", "id")
    )
    return [
        ReturnFigures(
            r.pk, r.title, r.template, r.period.label, r.due_on, r.asked, r.returned, r.on_time
        )
        for r in rows
    ]


def police_concerns_by_source(start, end) -> list[ConcernFigure]:
    labels = dict(REFERRAL_SOURCES)
    order = {code: i for i, (code, _) in enumerate(REFERRAL_SOURCES)}
    rows = (
        submitted_numbers(Template.POLICE_FIGURES, start, end)
        .exclude(question__referral_source="")
        .values("response__ret__period_start", "question__referral_source")
        .annotate(n=Sum("number"))
    )
    figures = [
        ConcernFigure(
            Quarter.containing(r["response__ret__period_start"]),
            r["question__referral_source"],
            labels.get(r["question__referral_source"], r["question__referral_source"]),
            r["n"],
        )
        for r in rows
    ]
    return sorted(figures, key=lambda f: (f.quarter, order.get(f.source, 99)))


# --- The coordinator's figures screen and its export -------------------------------------------

MEASURES = {
    Template.LD_QUARTERLY: ("question__level", [(str(n), label) for n, label in LEVELS]),
    Template.POLICE_FIGURES: ("question__referral_source", REFERRAL_SOURCES),
}


def _grouping_sets(template, start, end, field):
    """The three groupings (by quarter, by sector, by organisation; each × measure) in ONE scan
    of the answers (PostgreSQL's GROUPING SETS): the figures screen's cost is one pass over
    the rows however many organisations answered."""
    column = {"question__level": "q.level::text", "question__referral_source": "q.referral_source"}
    measure = column[field]
    tables = {
        "answer": Answer._meta.db_table,
        "response": Response._meta.db_table,
        "ret": Return._meta.db_table,
        "question": Question._meta.db_table,
        "organisation": Organisation._meta.db_table,
    }
    # Only our own table names and a fixed column are interpolated; values are parameters.
    sql = f"""
        SELECT GROUPING(r.period_start), GROUPING(o.sector), GROUPING(resp.organisation_id),
               r.period_start, o.sector, resp.organisation_id, {measure}, SUM(a.number)
        FROM {tables["answer"]} a
        JOIN {tables["response"]} resp ON a.response_id = resp.id
        JOIN {tables["ret"]} r ON resp.ret_id = r.id
        JOIN {tables["question"]} q ON a.question_id = q.id
        JOIN {tables["organisation"]} o ON resp.organisation_id = o.id
        WHERE resp.state = %s AND r.template = %s AND r.period_start >= %s
          AND r.period_start <= %s AND a.number IS NOT NULL
        GROUP BY GROUPING SETS ((r.period_start, {measure}), (o.sector, {measure}),
                                (resp.organisation_id, {measure}))
    """  # noqa: S608
    by_quarter: dict = {}
    by_sector: dict = {}
    per_org: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [Response.State.SUBMITTED, template, start, end])
        for g_quarter, g_sector, _, quarter, sector, org_id, key, n in cursor.fetchall():
            if not g_quarter:
                by_quarter.setdefault(quarter, {})[str(key)] = int(n)
            elif not g_sector:
                by_sector.setdefault(sector or "", {})[str(key)] = int(n)
            else:
                per_org.setdefault(org_id, {})[str(key)] = int(n)
    return by_quarter, by_sector, per_org


def breakdowns(template: str, start, end) -> dict:
    """The submitted figures of `template` between two dates as three tables of exact counts:
    {"measures": [label…], "by_quarter"|"by_sector"|"by_district": [(row label, [count per
    measure])]}. Three grouped queries, whatever the number of organisations."""
    field, measures = MEASURES[template]
    keys = [k for k, _ in measures]
    answers = submitted_numbers(template, start, end)

    def grouped(row_field, **annotations):
        found: dict = {}
        rows = (
            answers.annotate(**annotations)
            .values(row_field, field)
            .annotate(n=Sum("number"))
            .order_by()
        )
        for r in rows:
            found.setdefault(r[row_field] or "", {})[str(r[field])] = r["n"]
        return found

    if connection.vendor == "postgresql":
        by_quarter, by_sector, per_org = _grouping_sets(template, start, end, field)
    else:  # SQLite (make run): the same three groupings, one query each
        by_quarter = grouped("response__ret__period_start")
        by_sector = grouped("response__organisation__sector")
        per_org = grouped("response__organisation_id")
    # By district: totals per organisation (at most organisations × measures rows), then each
    # organisation's first district from one query, rather than a subquery per answer.
    first_district = {}
    through = Organisation.districts.through.objects.filter(organisation_id__in=per_org)
    for org_id, name in through.order_by(
        "organisation_id", "-district__sort_order", "-district__name"
    ).values_list("organisation_id", "district__name"):
        first_district[org_id] = name  # the last written is the first in directory order
    by_district: dict = {}
    for org_id, counts in per_org.items():
        row = by_district.setdefault(first_district.get(org_id, ""), {})
        for key, n in counts.items():
            row[key] = row.get(key, 0) + n

    def table(found, label):
        return [
            (label(row), [found[row].get(k, 0) for k in keys])
            for row in sorted(found, key=lambda r: (r == "", r))
        ]

    return {
        "measures": [label for _, label in measures],
        "by_quarter": table(by_quarter, lambda d: Quarter.containing(d).label),
        "by_sector": table(by_sector, lambda s: SECTOR_NAMES.get(s, s or "No sector")),
        "by_district": table(by_district, lambda d: d or "No district"),
    }
