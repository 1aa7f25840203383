"""Learning and development take-up (theme 3, seed action 3.5), beside the events: completions
by level, by sector and by district, the framework's gaps ("who to target next"), and coverage
against headcount (people in date against the staff who need each level, by sector and by
district, and the organisations furthest below the partnership's target).

Every figure comes from `learning.report` (its `breakdowns` and `gaps`, the take-up report's
own queries); nothing is counted again here except the headline's comparison periods, one
conditional count over the completions. Figures reported in partners' returns are kept apart
in the take-up report and not added here.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from core import disclosure
from core.disclosure import TOTAL, Figure, Rule
from learning import report
from learning.coverage import coverage
from learning.disclosed import NOT_STATED, DisclosedCoverageRow, disclose_coverage
from learning.levels import SHORT_NAMES
from learning.models import Completion
from networks.models import District, Sector

from ..charts import bar_chart
from ..periods import Period
from .base import (
    Headline,
    Section,
    Table,
    counts_table,
    figures_table,
    headline,
    linked_table,
)

THEME = 3
GAP_NAMES_SHOWN = 12
LEVEL_COLUMNS = [SHORT_NAMES[level] for level in report.LEVELS]


def takeup_link(period: Period) -> str:
    """The take-up report for the same period (a quarter or a year; a range: its start's year)."""
    url = reverse("learning_admin:takeup")
    if period.kind == "quarter":
        return f"{url}?quarter={period.key}"
    if period.kind == "year":
        return f"{url}?year={period.key}"
    return url


def figures(period: Period, rule: Rule) -> Section:
    if rule.exact or not period.is_standard:
        return _exact_figures(period, rule)
    return _linked_figures(period, rule)


def _linked_figures(period: Period, rule: Rule) -> Section:
    """Under the rule: the completions of the period's financial year and of the year before
    as one cube each — (quarter or the year, sector, district, level) — disclosed together by
    `disclosure.linked`, so the level, sector and district tables and the headline of every
    quarter and of the year are slices of it, and none gives back a figure another hides. One
    query (the take-up report's grouped counts, by quarter)."""
    section = Section(key="learning", title="Learning and development take-up", theme=THEME)
    year = period.financial_year
    values, quarters = report.quarterly_values(Period.of_year(year))
    T = TOTAL
    sector_labels = dict(Sector.choices)
    found = District.objects.values_list("pk", "name", "sort_order")
    district_names = {pk: name for pk, name, _ in found}
    district_order = {pk: (order, name) for pk, name, order in found}

    def by_district(d) -> tuple:
        return (d is None, district_order.get(d, (0, "")))

    cubes = {}
    for y in (year.previous(), year):
        exact: dict[tuple, int] = {}
        for item in values:
            sector = item["sector"] if item["sector"] in sector_labels else None
            district = item["district_id"] if item["district_id"] in district_names else None
            for i, q in enumerate(quarters):
                if q.year != y.start_year or not item[f"q{i}"]:
                    continue
                key = (q.key, sector, district, item["level"])
                exact[key] = exact.get(key, 0) + item[f"q{i}"]
        sectors = sorted({k[1] for k in exact}, key=_sector_order)
        districts = sorted(
            {k[2] for k in exact}, key=lambda d: (d is None, district_names.get(d, ""))
        )
        cells: dict[tuple, int] = {}
        for p in [*(q.key for q in y.quarters()), T]:
            for level in [*report.LEVELS, T]:
                for s in [*sectors, T]:
                    cells[(p, s, T, level)] = 0
                for d in districts:
                    cells[(p, T, d, level)] = 0
        for (p, s, d, level), n in exact.items():
            for pp in (p, T):
                for ll in (level, T):
                    cells[(pp, s, T, ll)] += n
                    cells[(pp, T, T, ll)] += n
                    cells[(pp, T, d, ll)] += n
        shown = disclosure.linked(cells, rule, category_dim=3)
        for q in y.quarters():
            cubes[q.key] = (q.key, shown, exact)
        cubes[str(y)] = (T, shown, exact)

    def figure(p: Period, s, d, level) -> Figure:
        coordinate, shown, _ = cubes[p.key]
        return shown[(coordinate, s, d, level)]

    coordinate, shown, exact = cubes[period.key]
    mine = [k for k, n in exact.items() if n and (coordinate == T or k[0] == coordinate)]
    sectors = sorted({k[1] for k in mine}, key=_sector_order)
    districts = sorted({k[2] for k in mine}, key=by_district)
    section.headlines = [
        Headline(
            label="Completions recorded",
            value=figure(period, T, T, T),
            comparisons=[(name, figure(p, T, T, T)) for name, p in period.comparisons()],
        )
    ]
    level_table = Table(
        key="learning-level",
        title="Completions by level",
        row_heading="Level",
        rows=[label for _, label in report.Level.choices],
        columns=["Completions"],
        cells=[[figure(period, T, T, level)] for level in report.LEVELS],
        column_totals=[figure(period, T, T, T)],
    )
    section.tables.append(level_table)
    section.charts.append(bar_chart(level_table))
    note = (
        "Where the completion was made (the organisation's sector and district at the time), "
        "as in the take-up report."
    )
    levels = [(level, name) for level, name in zip(report.LEVELS, LEVEL_COLUMNS, strict=True)]
    section.tables.append(
        linked_table(
            "learning-sector",
            "Completions by sector and level",
            "Sector",
            [(s, sector_labels.get(s) or report.NO_SECTOR) for s in sectors],
            levels,
            lambda s, level: figure(period, s, T, level),
            note=note,
        )
    )
    section.tables.append(
        linked_table(
            "learning-district",
            "Completions by district and level",
            "District",
            [(d, district_names.get(d) or report.NO_DISTRICT) for d in districts],
            levels,
            lambda d, level: figure(period, T, d, level),
            note=note,
        )
    )
    section.charts.append(bar_chart(section.tables[1]))
    _gaps(section, rule)
    _coverage(section, period, rule)
    return section


def _sector_order(sector) -> tuple:
    order = {value: i for i, (value, _) in enumerate(Sector.choices)}
    return (order.get(sector, len(order)),)


def _exact_figures(period: Period, rule: Rule) -> Section:
    section = Section(key="learning", title="Learning and development take-up", theme=THEME)
    link = takeup_link(period)
    sectors, districts, _ = report.period_breakdowns(period)
    # The period's completions are the breakdown's, every level of every sector; only the
    # comparison periods are counted again (the days they cover, on the completed_on index).
    compared = [p for _, p in period.comparisons()]
    counted = Completion.objects.filter(
        completed_on__gte=min(p.start for p in compared),
        completed_on__lte=max(p.end for p in compared),
    ).aggregate(
        **{
            f"c{i}": Count("pk", filter=Q(completed_on__gte=p.start, completed_on__lte=p.end))
            for i, p in enumerate(compared)
        }
    )
    counted = {p.key: counted[f"c{i}"] for i, p in enumerate(compared)}
    counted[period.key] = sum(sum(r.counts.values()) for r in sectors)
    section.headlines = [
        headline("Completions recorded", period, rule, lambda p: counted[p.key], link=link)
    ]
    by_level = [sum(r.counts.get(level, 0) for r in sectors) for level in report.LEVELS]
    level_table = counts_table(
        "learning-level",
        "Completions by level",
        "Level",
        [label for _, label in report.Level.choices],
        ["Completions"],
        [[n] for n in by_level],
        rule,
        row_totals=False,
        links=[[link] for _ in by_level],
    )
    section.tables.append(level_table)
    section.charts.append(bar_chart(level_table))
    for key, title, heading, rows in (
        ("learning-sector", "Completions by sector and level", "Sector", sectors),
        ("learning-district", "Completions by district and level", "District", districts),
    ):
        table = counts_table(
            key,
            title,
            heading,
            [r.label for r in rows],
            LEVEL_COLUMNS,
            [r.by_level() for r in rows],
            rule,
            note="Where the completion was made (the organisation's sector and district at the "
            "time), as in the take-up report.",
            links=[[link] * len(LEVEL_COLUMNS) for _ in rows],
        )
        section.tables.append(table)
    section.charts.append(bar_chart(section.tables[1]))
    _gaps(section, rule)
    _coverage(section, period, rule)
    return section


def _gaps(section: Section, rule: Rule) -> None:
    found = report.gaps()
    rows, cells = [], []
    for gap in found:
        line = gap.expectation
        rows.append(f"{SHORT_NAMES[line.level]}: {line.audience}")
        people = (
            disclosure.count(gap.people_without, rule)
            if gap.is_about_people
            else Figure(disclosure.NOT_SHOWN, None, hidden=True)
        )
        organisations = disclosure.count(len(gap.organisations), rule)
        cells.append([organisations, people])
        # Names only beside a count that is shown: a list would give a hidden one back.
        if gap.organisations and not organisations.hidden:
            names = [name for name, _ in gap.organisations[:GAP_NAMES_SHOWN]]
            more = ""
            if len(gap.organisations) > len(names):
                more = " and others (see the take-up report)"
            section.notes.append(
                f"Who to target next, {SHORT_NAMES[line.level]} ({line.audience}): "
                + "; ".join(names)
                + more
                + "."
            )
    section.tables.append(
        figures_table(
            "learning-gaps",
            "Framework gaps: who to target next",
            "Framework line",
            rows,
            ["Organisations to target", "People without it"],
            cells,
            note="A line about everyone in an organisation counts the organisations with no "
            "completion at its level; a line about roles also counts the people of those roles "
            "without it (—: not a line about roles). A completion at any time counts.",
        )
    )
    if not found:
        section.notes.append("The competency framework has no lines yet: no gaps to show.")


TARGET_NAMES_SHOWN = 10


def _coverage(section: Section, period: Period, rule: Rule) -> None:
    """Coverage on the period's last day (today while it runs), as the take-up report shows it:
    every figure from `learning.disclosed.disclose_coverage` (people in date and staff needing
    each level disclosed together with their sector and district sums; a percentage hidden
    with either of its figures)."""
    found = coverage(report.coverage_day(period), unstated_people=False)
    shown = disclose_coverage(found, rule)
    columns = [
        f"{name} {measure}"
        for name in LEVEL_COLUMNS
        for measure in ("in date", "need it", "% in date")
    ]
    not_stated = Figure(NOT_STATED, None, hidden=True)

    def cells(row: DisclosedCoverageRow) -> list[Figure]:
        return [f for c in row.cells for f in (c.in_date, c.needing or not_stated, c.percent)]

    note = (
        f"People holding each level in date on {shown.on:%-d %B %Y} (a higher level counts for "
        "the levels below it) against the staff each organisation says need it; only "
        f"organisations that stated a level count for it. Target: {shown.target}%."
    )
    for kind, heading, rows in (
        ("sector", "Sector", shown.by_sector),
        ("district", "District", shown.by_district),
    ):
        rows = [*rows, shown.total] if rows else []
        section.tables.append(
            figures_table(
                f"learning-coverage-{kind}",
                f"Coverage against headcount by {kind}",
                heading,
                [r.label for r in rows],
                columns,
                [cells(r) for r in rows],
                note=note,
            )
        )
    # Names only beside a percentage that is shown; the order is the shown figures' own.
    below = [r for r in shown.organisations if not r.gap.hidden and r.gap.number > 0]
    if below:
        listed = [
            f"{r.label} ({r.cells[r.gap_level - 1].percent.text} at {SHORT_NAMES[r.gap_level]})"
            for r in below[:TARGET_NAMES_SHOWN]
        ]
        more = " and others (see the take-up report)" if len(below) > len(listed) else ""
        section.notes.append(
            f"Who to target next, furthest below the {shown.target}% target: "
            + "; ".join(listed)
            + more
            + "."
        )
    if not shown.organisations:
        section.notes.append("No organisation has stated how many of its staff need training.")
    elif shown.unstated:
        section.notes.append(
            f"Specified authorities with no headcount stated: {len(shown.unstated)}."
        )
