"""The take-up report as its reader may see it: every figure of `learning.report` passed through
`core.disclosure` under one rule (exact for the coordinator's screen; the partnership's rule for
the board and for every CSV). Templates and the CSV read only this, never the exact report."""

from __future__ import annotations

from dataclasses import dataclass

from core import disclosure
from core.disclosure import Figure, Rule

from .coverage import Coverage, CoverageRow
from .levels import SHORT_NAMES
from .report import LEVELS, Row, TakeupReport


@dataclass
class DisclosedRow:
    label: str
    cells: list[Figure]
    total: Figure
    reported: bool = False
    note: str = ""


@dataclass
class DisclosedTable:
    title: str
    rows: list[DisclosedRow]
    column_totals: list[Figure]
    total: Figure


def _exact_table(rows: list[list[int]], rule: Rule) -> disclosure.Table:
    """The coordinator's exact figures: nothing is suppressed, so each count (and total) is
    formatted on its own by `disclosure.count`, without the table's suppression bookkeeping
    (a few thousand organisations cost milliseconds, not a tenth of a second)."""
    columns = [sum(col) for col in zip(*rows, strict=True)] if rows else [0] * len(LEVELS)
    shown: dict[int, Figure] = {}  # Figures are immutable: one per distinct value

    def count(n: int) -> Figure:
        if n not in shown:
            shown[n] = disclosure.count(n, rule)
        return shown[n]

    return disclosure.Table(
        cells=[[count(n) for n in row] for row in rows],
        row_totals=[count(sum(row)) for row in rows],
        column_totals=[count(n) for n in columns],
        total=count(sum(columns)),
    )


def _table(title: str, rows: list[Row], rule: Rule, notes=None) -> DisclosedTable:
    counts = [r.by_level() for r in rows]
    shown = _exact_table(counts, rule) if rule.exact else disclosure.table(counts, rule)
    notes = notes or {}
    return DisclosedTable(
        title,
        [
            DisclosedRow(r.label, shown.cells[i], shown.row_totals[i], r.reported, notes.get(i, ""))
            for i, r in enumerate(rows)
        ],
        shown.column_totals,
        shown.total,
    )


def lead_status(has_lead: bool, holds: bool) -> str:
    if not has_lead:
        return "No Prevent lead recorded"
    return "Yes" if holds else "No"


@dataclass
class DisclosedGap:
    level: int
    audience: str
    about_people: bool
    people_without: Figure | None
    organisations: list[tuple[str, Figure | None]]


@dataclass
class DisclosedReport:
    report: TakeupReport
    rule: Rule
    levels: list[tuple[int, str]]
    by_level: DisclosedTable
    by_quarter: DisclosedTable
    by_sector: DisclosedTable
    by_district: DisclosedTable
    by_organisation: DisclosedTable
    authorities: DisclosedTable
    gaps: list[DisclosedGap]
    feedback: list[tuple[str, Figure, Figure]]
    method_note: str
    leads: list[tuple[str, Figure]]
    coverage: DisclosedCoverage


def disclose(report: TakeupReport, rule: Rule) -> DisclosedReport:
    recorded = Row("Recorded completions", report.by_level)
    headline = [recorded]
    if report.reported:
        headline.append(Row("Reported by partners (marked)", report.reported_by_level, None, True))
    authorities = [Row(a.organisation, a.people, a.organisation_id) for a in report.authorities]
    # "Does this authority's lead hold level 3" is a fact about one named person: the
    # coordinator sees it per authority; under the rule it is counted, never listed.
    lead_notes = (
        {i: lead_status(a.has_lead, a.lead_holds_level_3) for i, a in enumerate(report.authorities)}
        if rule.exact
        else {}
    )
    leads_counted = [
        ("Authorities with a Prevent lead recorded", sum(a.has_lead for a in report.authorities)),
        (
            "Authorities whose Prevent lead holds level 3",
            sum(a.lead_holds_level_3 for a in report.authorities),
        ),
    ]
    gaps = [
        DisclosedGap(
            gap.expectation.level,
            gap.expectation.audience,
            gap.is_about_people,
            disclosure.count(gap.people_without, rule) if gap.is_about_people else None,
            [
                (name, disclosure.count(n, rule) if n is not None else None)
                for name, n in gap.organisations
            ],
        )
        for gap in report.gaps
    ]
    return DisclosedReport(
        report=report,
        rule=rule,
        levels=[(level, SHORT_NAMES[level]) for level in LEVELS],
        by_level=_table("Completions by level", headline, rule),
        by_quarter=_table("Trend over quarters", report.by_quarter, rule),
        by_sector=_table("By sector", report.by_sector, rule),
        by_district=_table("By district", report.by_district, rule),
        by_organisation=_table("By organisation", report.by_organisation, rule),
        authorities=_table(
            "Specified authorities: people holding each level", authorities, rule, lead_notes
        ),
        gaps=gaps,
        feedback=[
            (
                f.package,
                disclosure.count(f.answers, rule),
                disclosure.average(f.average, f.answers, rule),
            )
            for f in report.feedback
        ],
        method_note=disclosure.method_note(rule),
        leads=[(label, disclosure.count(n, rule)) for label, n in leads_counted],
        coverage=disclose_coverage(report.coverage, rule),
    )


def csv_rows(shown: DisclosedReport):
    """The report as CSV rows (header first): section, group, a figure per level, total, note.
    Every figure as disclosed; the last row is the method note."""
    yield ["section", "group", *[name for _, name in shown.levels], "total", "note"]
    yield ["period", shown.report.period.heading, "", "", "", "", ""]
    for table in (
        shown.by_level,
        shown.by_quarter,
        shown.by_sector,
        shown.by_district,
        shown.by_organisation,
        shown.authorities,
    ):
        for row in table.rows:
            note = row.note or ("reported by partners" if row.reported else "")
            yield [table.title, row.label, *[c.text for c in row.cells], row.total.text, note]
        yield [table.title, "Total", *[c.text for c in table.column_totals], table.total.text, ""]
    for label, figure in shown.leads:
        yield ["Specified authorities' Prevent leads", label, "", "", "", figure.text, ""]
    for gap in shown.gaps:
        section = f"Who to target next: level {gap.level}, {gap.audience}"
        if gap.about_people:
            yield [section, "People without it", "", "", "", gap.people_without.text, ""]
        for name, figure in gap.organisations:
            note = "no completion at this level" if figure is None else "people without it"
            yield [section, name, "", "", "", figure.text if figure else "", note]
    for package, answers, average in shown.feedback:
        yield ["Course feedback", package, "", "", "", answers.text, f"average {average.text}/5"]
    yield from coverage_csv_rows(shown.coverage)
    yield ["method", shown.method_note, "", "", "", "", ""]


# --- Coverage against headcount --------------------------------------------------------------


@dataclass
class CoverageCell:
    """One level of one row: people in date, staff needing it (None: not stated), percentage."""

    in_date: Figure
    needing: Figure | None
    percent: Figure


@dataclass
class DisclosedCoverageRow:
    label: str
    cells: list[CoverageCell]
    gap: Figure  # points below the target at `gap_level` (negative: above it)
    gap_level: int | None
    as_of: object = None  # an organisation's latest statement's day
    organisations: int = 0  # a group's organisations with a headcount

    @property
    def gap_text(self) -> str:
        if self.gap.hidden:
            return self.gap.text
        points = self.gap.number
        if points <= 0:
            return f"{SHORT_NAMES[self.gap_level]}: at or above the target"
        return f"{SHORT_NAMES[self.gap_level]}: {points:g} points below"


@dataclass
class DisclosedCoverage:
    on: object
    target: int
    rule: Rule
    organisations: list[DisclosedCoverageRow]  # furthest below the target first
    unstated: list[tuple[str, list[Figure]]]  # name, people in date at each level
    by_sector: list[DisclosedCoverageRow]
    by_district: list[DisclosedCoverageRow]
    total: DisclosedCoverageRow


def _gap(cells: list[CoverageCell], target: int) -> tuple[Figure, int | None]:
    """The level furthest below the target, from the percentages as shown (a hidden one tells
    nothing, so it is never the reason for a place in the order)."""
    shown = [
        (target - cell.percent.number, level)
        for level, cell in zip(LEVELS, cells, strict=True)
        if cell.percent.number is not None
    ]
    if not shown:
        return Figure(disclosure.NOT_SHOWN, None, hidden=True), None
    points, level = max(shown, key=lambda pl: (pl[0], -pl[1]))
    points = round(points, 1)
    return Figure(f"{points:g}", points), level


def disclose_coverage(cov: Coverage, rule: Rule) -> DisclosedCoverage:
    """Every coverage figure through `core.disclosure`. For each level, the people in date and
    the staff needing it are each one `by_groups` set — organisations, their sectors, their
    districts and the total, disclosed together so no sum less its parts gives a hidden figure
    back — and every percentage is `rate_of` the two figures as shown, so it hides with either
    and tells nothing they do not. Organisations are ordered by the gap as shown: furthest
    below the target first, those whose gap is not shown last, by name."""
    groups = {}
    for level in [] if rule.exact else LEVELS:
        rows = [r for r in cov.organisations if r.needing[level] is not None]
        sectors = {r.key: r.sector for r in rows}
        districts = {r.key: r.district_id for r in rows}
        groups[level] = tuple(
            disclosure.by_groups(
                {r.key: getattr(r, measure)[level] for r in rows}, [sectors, districts], rule
            )
            for measure in ("in_date", "needing")
        )
    counted: dict[int, Figure] = {}  # figures shown on their own (all, when exact), by value

    def alone(n: int) -> Figure:
        if n not in counted:
            counted[n] = disclosure.count(n, rule)
        return counted[n]

    def row(r: CoverageRow, figures) -> DisclosedCoverageRow:
        cells = []
        for level in LEVELS:
            if r.needing[level] is None:
                people = alone(r.in_date.get(level, 0))
                cells.append(CoverageCell(people, None, Figure(disclosure.NOT_SHOWN, None, True)))
                continue
            people, needing = figures(level)
            cells.append(CoverageCell(people, needing, disclosure.rate_of(people, needing, rule)))
        gap, level = _gap(cells, cov.target)
        return DisclosedCoverageRow(r.label, cells, gap, level, r.as_of, r.organisations)

    def own(r):
        return lambda level: (alone(r.in_date[level]), alone(r.needing[level]))

    def leaf(r):
        if rule.exact:
            return own(r)
        return lambda level: tuple(g.leaf(r.key) for g in groups[level])

    def grouped(i, r):
        if rule.exact:
            return own(r)
        return lambda level: tuple(g.group(i, r.key) for g in groups[level])

    def total(level):
        if rule.exact:
            return own(cov.total)(level)
        return tuple(g.total for g in groups[level])

    organisations = [row(r, leaf(r)) for r in cov.organisations]
    organisations.sort(
        key=lambda d: (
            d.gap.hidden,
            -(d.gap.number or 0),
            -(d.cells[d.gap_level - 1].needing.number or 0) if d.gap_level else 0,
            d.label.casefold(),
        )
    )
    return DisclosedCoverage(
        on=cov.on,
        target=cov.target,
        rule=rule,
        organisations=organisations,
        unstated=[
            (r.label, [alone(r.in_date.get(level, 0)) for level in LEVELS]) for r in cov.unstated
        ],
        by_sector=[row(r, grouped(0, r)) for r in cov.by_sector],
        by_district=[row(r, grouped(1, r)) for r in cov.by_district],
        total=row(cov.total, total),
    )


NOT_STATED = "not stated"


def coverage_csv_rows(shown: DisclosedCoverage):
    """Coverage in the take-up CSV's columns (section, group, a figure per level, total, note):
    for each organisation (furthest below the target first), sector, district and the total,
    three lines — people in date, staff who need it, percentage in date (the note: the level
    furthest below the target) — then the specified authorities with no headcount."""
    on = f"{shown.on:%-d %B %Y}"
    target = f"target {shown.target}%"
    for title, rows in (
        ("Coverage by organisation", shown.organisations),
        ("Coverage by sector", shown.by_sector),
        ("Coverage by district", shown.by_district),
        ("Coverage in all", [shown.total]),
    ):
        for row in rows:
            stated = f"headcount stated on {row.as_of:%-d %B %Y}" if row.as_of else ""
            people = [c.in_date.text for c in row.cells]
            needing = [c.needing.text if c.needing else NOT_STATED for c in row.cells]
            yield [f"{title}: people in date on {on}", row.label, *people, "", stated]
            yield [f"{title}: staff who need it", row.label, *needing, "", ""]
            percent = [c.percent.text for c in row.cells]
            yield [f"{title}: % in date ({target})", row.label, *percent, "", row.gap_text]
    for name, figures in shown.unstated:
        section = f"Coverage: specified authorities with no headcount, people in date on {on}"
        yield [section, name, *[f.text for f in figures], "", "no headcount stated"]
