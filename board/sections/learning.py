"""Learning and development take-up (theme 3, seed action 3.5), beside the events: completions
by level, by sector and by district, and the framework's gaps ("who to target next").

Every figure comes from `learning.report` (its `breakdowns` and `gaps`, the take-up report's
own queries); nothing is counted again here except the headline's comparison periods, one
conditional count over the completions. Figures reported in partners' returns are kept apart
in the take-up report and not added here.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from core import disclosure
from core.disclosure import Figure, Rule
from learning import report
from learning.levels import SHORT_NAMES
from learning.models import Completion

from ..charts import bar_chart
from ..periods import Period
from .base import Section, counts_table, figures_table, headlines

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
    section = Section(key="learning", title="Learning and development take-up", theme=THEME)
    link = takeup_link(period)
    sectors, districts, _ = report.period_breakdowns(period)
    compared = [period, *(p for _, p in period.comparisons())]
    section.headlines = headlines(
        period,
        rule,
        # only the days the counts cover (the completed_on index), not the whole table
        Completion.objects.filter(
            completed_on__gte=min(p.start for p in compared),
            completed_on__lte=max(p.end for p in compared),
        ),
        [
            (
                "Completions recorded",
                lambda p: Q(completed_on__gte=p.start, completed_on__lte=p.end),
            )
        ],
        links={"Completions recorded": link},
    )
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
        cells.append([disclosure.count(len(gap.organisations), rule), people])
        if gap.organisations:
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
