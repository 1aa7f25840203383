"""What a dashboard section is made of: headline numbers with their comparisons, tables and
charts, every figure already through `core.disclosure` for the reader's rule.

A section is plain data (JSON in and out), so a published report can freeze it exactly as it
was shown, and the dashboard, the report page, the PDF and the CSV all render the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q

from core import disclosure
from core.disclosure import Figure, Rule

from ..periods import Period
from ..stats import Bucket


def fig(data: dict | Figure) -> Figure:
    return data if isinstance(data, Figure) else Figure(**data)


@dataclass
class Headline:
    label: str
    value: Figure
    comparisons: list[tuple[str, Figure]] = field(default_factory=list)
    link: str = ""  # the records behind it; only ever set under Rule.exact_figures()

    @classmethod
    def from_dict(cls, d: dict) -> Headline:
        return cls(
            label=d["label"],
            value=fig(d["value"]),
            comparisons=[(label, fig(f)) for label, f in d.get("comparisons", [])],
            link=d.get("link", ""),
        )


@dataclass
class Table:
    """A table as its reader sees it. `cells[i][j]` for `rows[i]` × `columns[j]`; totals are
    present only for tables of counts that add up (they come from `disclosure.table`)."""

    key: str
    title: str
    row_heading: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Figure]]
    row_totals: list[Figure] | None = None
    column_totals: list[Figure] | None = None
    total: Figure | None = None
    note: str = ""
    links: list[list[str]] | None = None  # exact view only

    @property
    def has_totals(self) -> bool:
        return self.column_totals is not None

    def body(self):
        """Each row for templates: its label, (figure, link) per cell and its total."""
        for i, label in enumerate(self.rows):
            links = self.links[i] if self.links else [""] * len(self.columns)
            yield {
                "label": label,
                "cells": list(zip(self.cells[i], links, strict=True)),
                "total": self.row_totals[i] if self.row_totals is not None else None,
            }

    def csv_rows(self) -> list[list[str]]:
        """The table as CSV rows (header first), figures as the reader sees them."""
        header = [self.row_heading, *self.columns]
        if self.row_totals is not None:
            header.append("Total")
        out = [header]
        for i, label in enumerate(self.rows):
            line = [label, *(f.text for f in self.cells[i])]
            if self.row_totals is not None:
                line.append(self.row_totals[i].text)
            out.append(line)
        if self.column_totals is not None:
            line = ["Total", *(f.text for f in self.column_totals)]
            if self.row_totals is not None:
                line.append(self.total.text)
            out.append(line)
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Table:
        d = dict(d)
        d["cells"] = [[fig(f) for f in row] for row in d["cells"]]
        for name in ("row_totals", "column_totals"):
            if d.get(name) is not None:
                d[name] = [fig(f) for f in d[name]]
        if d.get("total") is not None:
            d["total"] = fig(d["total"])
        return cls(**d)


@dataclass
class Chart:
    """An SVG drawn on the server from a table's disclosed figures, with its text alternative.
    `table_key` names the table it is drawn from, shown beside it."""

    table_key: str
    title: str
    svg: str
    text_alternative: str


@dataclass
class Section:
    key: str
    title: str
    theme: int
    headlines: list[Headline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def chart_for(self, table_key: str) -> Chart | None:
        return next((c for c in self.charts if c.table_key == table_key), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Section:
        return cls(
            key=d["key"],
            title=d["title"],
            theme=d["theme"],
            headlines=[Headline.from_dict(h) for h in d.get("headlines", [])],
            tables=[Table.from_dict(t) for t in d.get("tables", [])],
            charts=[Chart(**c) for c in d.get("charts", [])],
            notes=list(d.get("notes", [])),
        )


# --- Helpers the section modules build with --------------------------------------------------


def family_periods(period: Period) -> list[Period]:
    """Every period a count of `period` and its comparisons is linked with under the rule: the
    quarters and the year of its financial year and of the year before (a quarter's "last
    quarter" and "a year earlier", a year's "previous year", all fall in those two). Empty for a
    range (the coordinator's exact view only)."""
    if not period.is_standard:
        return []
    years = [period.financial_year.previous(), period.financial_year]
    return [
        p
        for year in years
        for p in (*map(Period.of_quarter, year.quarters()), Period.of_year(year))
    ]


def family_figures(counts: dict[str, int], periods: list[Period], rule: Rule) -> dict[str, Figure]:
    """One count for each of `family_periods`, keyed by period key, disclosed so that no
    quarter hidden on its own can be worked back from its year and the other quarters: each
    financial year's four quarters and the year are one line of `disclosure.linked`."""
    figures: dict[str, Figure] = {}
    for p in periods:
        if p.kind != "year":
            continue
        quarters = [Period.of_quarter(q) for q in p.year.quarters()]
        cells = {(q.key,): counts[q.key] for q in quarters}
        cells[(disclosure.TOTAL,)] = counts[p.key]
        shown = disclosure.linked(cells, rule)
        figures.update({q.key: shown[(q.key,)] for q in quarters})
        figures[p.key] = shown[(disclosure.TOTAL,)]
    return figures


def _linked_headline(label, period, rule, count_for, link="") -> Headline:
    """A headline from exact counts per period key (`count_for`), under the rule linked across
    the family, otherwise each disclosed on its own."""
    compared = period.comparisons()
    family = [] if rule.exact else family_periods(period)
    if family:
        shown = family_figures({p.key: count_for(p) for p in family}, family, rule)
    else:
        shown = {
            p.key: disclosure.count(count_for(p), rule) for p in (period, *(p for _, p in compared))
        }
    return Headline(
        label=label,
        value=shown[period.key],
        comparisons=[(name, shown[other.key]) for name, other in compared],
        link=link if rule.exact else "",
    )


def headline(
    label: str,
    period: Period,
    rule: Rule,
    value_for: Callable[[Period], int],
    *,
    link: str = "",
) -> Headline:
    """A count for the period beside the same count for each comparison period (under the
    rule, worked out for every period of the family and disclosed together)."""
    cache: dict[str, int] = {}

    def count_for(p: Period) -> int:
        if p.key not in cache:
            cache[p.key] = value_for(p)
        return cache[p.key]

    return _linked_headline(label, period, rule, count_for, link)


def headlines(
    period: Period,
    rule: Rule,
    queryset,
    specs: Sequence[tuple[str, Callable[[Period], Q]]],
    *,
    links: dict[str, str] | None = None,
) -> list[Headline]:
    """Several counts over one table for the period and each comparison period (under the
    rule, every period of its family), in one query: one `Count(filter=...)` per (spec,
    period), so the table is scanned once, not once per number. `specs` are (label, period ->
    Q of the rows counted)."""
    periods = [period, *(p for _, p in period.comparisons())]
    if not rule.exact:
        periods += [p for p in family_periods(period) if p not in periods]
    aggregates = {
        f"h{i}_{j}": Count("pk", filter=q_for(p))
        for i, (_, q_for) in enumerate(specs)
        for j, p in enumerate(periods)
    }
    counts = queryset.aggregate(**aggregates)
    index = {p.key: j for j, p in enumerate(periods)}
    links = links or {}
    return [
        _linked_headline(
            label, period, rule, lambda p, i=i: counts[f"h{i}_{index[p.key]}"], links.get(label, "")
        )
        for i, (label, _) in enumerate(specs)
    ]


def quarter_headlines(
    period: Period,
    rule: Rule,
    queryset,
    field: str,
    specs: Sequence[tuple[str, Q]],
) -> list[Headline]:
    """Counts of rows placed in time by `field` (`specs`: (label, Q of the rows counted)) for
    the period and its comparisons, as `headlines` gives them. For a quarter or a year, one
    grouped query over the two financial years they fall in, by quarter (`stats.Bucket`),
    summed here into each period of the family: the rows of those years are read once, not
    once per period and label. A range of days: `headlines`."""
    if not period.is_standard:
        return headlines(
            period,
            rule,
            queryset,
            [
                (
                    label,
                    lambda p, q=q: (
                        q
                        & Q(**{f"{field}__gte": p.start_moment})
                        & Q(**{f"{field}__lt": p.end_moment})
                    ),
                )
                for label, q in specs
            ],
        )
    years = [period.financial_year.previous(), period.financial_year]
    quarters = [Period.of_quarter(q) for y in years for q in y.quarters()]
    rows = (
        queryset.filter(
            **{
                f"{field}__gte": quarters[0].start_moment,
                f"{field}__lt": quarters[-1].end_moment,
            }
        )
        .annotate(quarter=Bucket(field, [q.start_moment for q in quarters]))
        .order_by()
        .values("quarter")
        .annotate(**{f"h{i}": Count("pk", filter=q) for i, (_, q) in enumerate(specs)})
    )
    by_quarter = {quarters[r["quarter"]].key: r for r in rows}

    def total(i: int, p: Period) -> int:
        return sum(
            by_quarter.get(q.key, {}).get(f"h{i}", 0)
            for q in quarters
            if p.start <= q.start and q.end <= p.end
        )

    return [
        _linked_headline(label, period, rule, lambda p, i=i: total(i, p))
        for i, (label, _) in enumerate(specs)
    ]


def counts_table(
    key: str,
    title: str,
    row_heading: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
    rule: Rule,
    *,
    row_totals: bool = True,
    note: str = "",
    links: list[list[str]] | None = None,
    categories: bool | None = None,
) -> Table:
    """A table of counts through `disclosure.table` (primary and secondary suppression).
    `categories` (by default, when the row totals are shown): the columns split each row's
    records into kinds, so a row whose records all fall in one is withheld (class
    disclosure).
    `row_totals=False` for tables whose columns are different measures (sent, bounced, …),
    which do not add across: the row totals still take part in secondary suppression (so
    nothing is revealed by them), they are just not shown."""
    if categories is None:
        categories = row_totals
    disclosed = disclosure.table(values, rule, categories=categories)
    return Table(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=list(rows),
        columns=list(columns),
        cells=disclosed.cells,
        row_totals=disclosed.row_totals if row_totals else None,
        column_totals=disclosed.column_totals,
        total=disclosed.total if row_totals else None,
        note=note,
        links=links if rule.exact else None,
    )


def linked_table(
    key: str,
    title: str,
    row_heading: str,
    rows: Sequence[tuple[object, str]],
    columns: Sequence[tuple[object, str]],
    figure: Callable[[object, object], Figure],
    *,
    note: str = "",
    links: list[list[str]] | None = None,
    exact: bool = False,
) -> Table:
    """A table of counts that is a slice of a cube disclosed by `disclosure.linked`: `rows` and
    `columns` are (key, label); `figure(row key, column key)` gives each cell, with
    `disclosure.TOTAL` for the margins (the row totals, the column totals and the total)."""
    total = disclosure.TOTAL
    return Table(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=[label for _, label in rows],
        columns=[label for _, label in columns],
        cells=[[figure(r, c) for c, _ in columns] for r, _ in rows],
        row_totals=[figure(r, total) for r, _ in rows],
        column_totals=[figure(total, c) for c, _ in columns],
        total=figure(total, total),
        note=note,
        links=links if exact else None,
    )


def figures_table(
    key: str,
    title: str,
    row_heading: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[Figure]],
    *,
    note: str = "",
) -> Table:
    """A table of figures already disclosed one by one (`disclosure.rate`/`average`/`count`):
    times, rates and scores, which have no totals."""
    return Table(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=list(rows),
        columns=list(columns),
        cells=[list(r) for r in cells],
        note=note,
    )


def grouped_counts_table(
    key: str,
    title: str,
    row_heading: str,
    groups: Sequence[tuple[Sequence[str], Sequence[Sequence[int]]]],
    columns: Sequence[str],
    rule: Rule,
    *,
    note: str = "",
    links: list[list[str]] | None = None,
) -> Table:
    """One table of counts made of groups of rows, each `(rows, values)` disclosed on its own
    through `disclosure.table`, and shown without totals. For counts whose sum another table
    states or nearly states (people who clicked each link of a send, beside the people who
    clicked any): each group's own total takes part in secondary suppression as if it were
    shown, so a group never holds one hidden figure alone that the other total would give
    back."""
    labels: list[str] = []
    cells: list[list[Figure]] = []
    for rows, values in groups:
        labels += rows
        cells += disclosure.table(values, rule).cells
    return Table(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=labels,
        columns=list(columns),
        cells=cells,
        note=note,
        links=links if rule.exact else None,
    )
