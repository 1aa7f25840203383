"""Partner returns (theme 2: the partners' account of their Prevent work, actions 2.4 and 3.6):
how many of the responses due in the period were returned, and on time, per return; and the
figures they carry — the police Prevent team's concerns by referral source sector, per quarter.

Every figure comes from `returns.aggregates` (`returns_due_and_returned`,
`police_concerns_by_source`); only submitted responses count.
"""

from __future__ import annotations

from django.urls import reverse

from core import disclosure
from core.disclosure import Rule
from returns.aggregates import police_concerns_by_source, returns_due_and_returned
from returns.models import Template
from returns.ready_made import REFERRAL_SOURCES

from ..charts import bar_chart
from ..periods import Period
from .base import Headline, Section, Table, counts_table, family_periods, headline

THEME = 2


def _due_in(period: Period):
    """`due(p)`: the returns due in `p`, for the period and every period its headlines show or
    are linked with, from one query over their whole span."""
    periods = [period, *(p for _, p in period.comparisons()), *family_periods(period)]
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    everything = returns_due_and_returned(start, end)

    def due(p: Period):
        return [r for r in everything if p.start <= r.due_on <= p.end]

    return due


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="returns", title="Partner returns", theme=THEME)
    index = reverse("returns_admin:index")
    _due = _due_in(period)
    rows = _due(period)
    asked = sum(r.asked for r in rows)
    returned = sum(r.returned for r in rows)
    on_time = sum(r.on_time for r in rows)
    section.headlines = [
        headline(
            "Responses due",
            period,
            rule,
            lambda p: sum(r.asked for r in _due(p)),
            link=index,
        ),
        headline(
            "Responses returned",
            period,
            rule,
            lambda p: sum(r.returned for r in _due(p)),
            link=index,
        ),
        Headline(label="Returned of those due", value=disclosure.rate(returned, asked, rule)),
        Headline(label="Returned on time", value=disclosure.rate(on_time, asked, rule)),
    ]
    due_table = counts_table(
        "returns-due",
        "Returns due in the period: asked, returned and on time",
        "Return",
        [f"{r.title} (due {r.due_on:%-d %b %Y})" for r in rows],
        ["Asked", "Returned", "On time"],
        [[r.asked, r.returned, r.on_time] for r in rows],
        rule,
        row_totals=False,
        note="Asked: organisations sent the return. Returned: submitted (a draft, or one reopened "
        "for a change, is not). On time: submitted by the end of its due day (London time).",
        links=[[reverse("returns_admin:status", args=[r.return_id])] * 3 for r in rows],
    )
    section.tables.append(due_table)
    section.charts.append(bar_chart(due_table, columns=[0, 1]))

    section.tables.append(_police_table(period, rule))
    police = section.tables[-1]
    if police.columns:
        section.charts.append(bar_chart(police))
    else:
        section.notes.append("No police figures were returned for the period's quarters.")
    return section


def _police_table(period: Period, rule: Rule) -> Table:
    """The police concerns by referral source and quarter. Under the rule the table of the
    whole financial year is disclosed (quarters as columns, with their totals), and a quarter
    shows its own column of it: so the quarter's figures and the year's are one table, and no
    quarter hidden in one is given back by the other."""
    linked = not rule.exact and period.is_standard
    span = Period.of_year(period.financial_year) if linked else period
    concerns = police_concerns_by_source(span.start, span.end)
    quarters = sorted({c.quarter for c in concerns})
    if linked:
        quarters = span.year.quarters()
    sources = [
        (code, label) for code, label in REFERRAL_SOURCES if any(c.source == code for c in concerns)
    ]
    sources += sorted({(c.source, c.label) for c in concerns} - set(sources), key=lambda s: s[1])
    found = {(c.source, c.quarter): c.count for c in concerns}
    figures_link = reverse("returns_admin:figures") + f"?template={Template.POLICE_FIGURES}"
    table = counts_table(
        "returns-police-concerns",
        "Police Prevent concerns received, by referral source sector",
        "Referral source",
        [label for _, label in sources],
        [q.label for q in quarters],
        [[found.get((code, q), 0) for q in quarters] for code, _ in sources],
        rule,
        note="From the police Prevent team's quarterly figures return (submitted answers only), "
        "for quarters starting in the period. Counts only.",
        links=[[figures_link] * len(quarters) for _ in sources],
        categories=False,
    )
    if not linked:
        return table
    # The period's quarters with figures (a quarter with none shows no column, as before).
    keep = [
        j
        for j, q in enumerate(quarters)
        if period.start <= q.start <= period.end and any(found.get((c, q)) for c, _ in sources)
    ]
    table.columns = [table.columns[j] for j in keep]
    table.cells = [[row[j] for j in keep] for row in table.cells]
    table.column_totals = [table.column_totals[j] for j in keep]
    if len(keep) == 1:  # one quarter: its column is its rows' totals
        table.row_totals = [row[0] for row in table.cells]
        table.total = table.column_totals[0]
    if not keep:
        table.rows, table.cells, table.row_totals = [], [], []
        table.total = disclosure.count(0, rule)
        table.links = None
    return table
