"""The take-up report as its reader may see it: every figure of `learning.report` passed through
`core.disclosure` under one rule (exact for the coordinator's screen; the partnership's rule for
the board and for every CSV). Templates and the CSV read only this, never the exact report."""

from __future__ import annotations

from dataclasses import dataclass

from core import disclosure
from core.disclosure import Figure, Rule

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
    return disclosure.Table(
        cells=[[disclosure.count(n, rule) for n in row] for row in rows],
        row_totals=[disclosure.count(sum(row), rule) for row in rows],
        column_totals=[disclosure.count(n, rule) for n in columns],
        total=disclosure.count(sum(columns), rule),
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
    yield ["method", shown.method_note, "", "", "", "", ""]
