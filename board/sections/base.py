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


def headline(
    label: str,
    period: Period,
    rule: Rule,
    value_for: Callable[[Period], int],
    *,
    link: str = "",
) -> Headline:
    """A count for the period beside the same count for each comparison period."""
    return Headline(
        label=label,
        value=disclosure.count(value_for(period), rule),
        comparisons=[
            (name, disclosure.count(value_for(other), rule)) for name, other in period.comparisons()
        ],
        link=link if rule.exact else "",
    )


def headlines(
    period: Period,
    rule: Rule,
    queryset,
    specs: Sequence[tuple[str, Callable[[Period], Q]]],
    *,
    links: dict[str, str] | None = None,
) -> list[Headline]:
    """Several counts over one table for the period and each comparison period, in one query:
    one `Count(filter=...)` per (spec, period), so the table is scanned once, not once per
    number. `specs` are (label, period -> Q of the rows counted)."""
    periods = [period, *(p for _, p in period.comparisons())]
    aggregates = {
        f"h{i}_{j}": Count("pk", filter=q_for(p))
        for i, (_, q_for) in enumerate(specs)
        for j, p in enumerate(periods)
    }
    counts = queryset.aggregate(**aggregates)
    names = [name for name, _ in period.comparisons()]
    links = links or {}
    return [
        Headline(
            label=label,
            value=disclosure.count(counts[f"h{i}_0"], rule),
            comparisons=[
                (name, disclosure.count(counts[f"h{i}_{j}"], rule))
                for j, name in enumerate(names, start=1)
            ],
            link=links.get(label, "") if rule.exact else "",
        )
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
) -> Table:
    """A table of counts through `disclosure.table` (primary and secondary suppression).
    `row_totals=False` for tables whose columns are different measures (sent, bounced, …),
    which do not add across: the row totals still take part in secondary suppression (so
    nothing is revealed by them), they are just not shown."""
    disclosed = disclosure.table(values, rule)
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
