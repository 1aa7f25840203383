"""How a board report's tables are laid out on A4 pages in its PDF (`board.reports.content_pdf`).

WeasyPrint never shrinks a table below the width of its longest words: a table whose columns
need more than the page lets them overflow the right edge, where they are lost (a wide table
once printed without its Other, Not known and Total columns). So each table's width is
estimated here from its text, as the PDF's stylesheet sets it (8.5 pt DejaVu Sans, a cell's
padding and rule), and

- a table that fits 180 mm (A4 upright, inside 15 mm margins) stays on the upright page;
- a wider one goes on a landscape page of its own (267 mm; the `landscape` named page);
- one wider still is split into parts by columns, each part repeating the row labels (and the
  row heading), every part on a landscape page, the Total column in the last part.

A column's width is taken as its longest word or its longest text up to `COMFORT` characters,
whichever is more, so headings wrap to a few lines rather than one word a line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .sections.base import Table

PORTRAIT_MM = 180.0
LANDSCAPE_MM = 267.0
# DejaVu Sans at 8.5 pt: about 0.6 em a character on average (0.63 errs on the side of room),
# bold headings a little wider; a cell adds 2 × 3 pt of padding and its 0.5 pt rule.
CHAR_MM = 0.63 * 8.5 * 25.4 / 72
BOLD = 1.1
CELL_MM = 6.5 * 25.4 / 72
COMFORT = 12
_WORDS = re.compile(r"[^\s/–-]+[/–-]?")


def _text_width(text: str, *, bold: bool = False) -> float:
    """The width in mm a column needs for `text`: its longest word, or its whole length up to
    COMFORT characters, whichever is more."""
    words = _WORDS.findall(str(text)) or [""]
    chars = max(max(len(w) for w in words), min(len(str(text)), COMFORT))
    return chars * CHAR_MM * (BOLD if bold else 1.0)


def _column_widths(table: Table) -> tuple[float, list[float], float | None]:
    """(row label column, each data column, the Total column or None) in mm."""
    label = max(
        [_text_width(table.row_heading, bold=True)]
        + [_text_width(r, bold=True) for r in table.rows]
        + ([_text_width("Total", bold=True)] if table.column_totals is not None else [])
    )
    data = []
    for j, column in enumerate(table.columns):
        texts = [row[j].text for row in table.cells]
        if table.column_totals and j < len(table.column_totals):
            texts.append(table.column_totals[j].text)
        data.append(max([_text_width(column, bold=True)] + [_text_width(t) for t in texts]))
    total = None
    if table.row_totals is not None:
        texts = [f.text for f in table.row_totals] + ([table.total.text] if table.total else [])
        total = max([_text_width("Total", bold=True)] + [_text_width(t) for t in texts])
    return label + CELL_MM, [w + CELL_MM for w in data], None if total is None else total + CELL_MM


def table_width_mm(table: Table) -> float:
    """The width the table needs on the page, in mm (an estimate that errs wide)."""
    label, data, total = _column_widths(table)
    return label + sum(data) + (total or 0.0)


def _part(table: Table, columns: list[int], number: int, parts: int, last: bool) -> Table:
    names = [table.columns[j] for j in columns]
    return replace(
        table,
        key=table.key if number == 1 else f"{table.key}-part-{number}",
        title=f"{table.title} (part {number} of {parts}: {names[0]} to {names[-1]})",
        columns=names,
        cells=[[row[j] for j in columns] for row in table.cells],
        row_totals=table.row_totals if last else None,
        column_totals=None
        if table.column_totals is None
        else [table.column_totals[j] for j in columns if j < len(table.column_totals)],
        total=table.total if last else None,
        note=table.note if last else "",
        links=None if table.links is None else [[row[j] for j in columns] for row in table.links],
    )


def split_columns(table: Table, width_mm: float = LANDSCAPE_MM) -> list[Table]:
    """`table` as parts of consecutive columns, each no wider than `width_mm` with the row
    labels repeated in each; the table itself when it fits."""
    label, data, total = _column_widths(table)
    if label + sum(data) + (total or 0.0) <= width_mm or len(table.columns) < 2:
        return [table]
    groups: list[list[int]] = [[]]
    used = label
    for j, w in enumerate(data):
        last_extra = (total or 0.0) if j == len(data) - 1 else 0.0
        if groups[-1] and used + w + last_extra > width_mm:
            groups.append([])
            used = label
        groups[-1].append(j)
        used += w
    return [
        _part(table, columns, n, len(groups), last=n == len(groups))
        for n, columns in enumerate(groups, start=1)
    ]


def lay_out(sections) -> set[str]:
    """Split, in place, the tables of `sections` too wide for a landscape page, and answer the
    keys of the tables (and parts) to print on landscape pages."""
    landscape: set[str] = set()
    for section in sections:
        tables = []
        for table in section.tables:
            if table_width_mm(table) <= PORTRAIT_MM:
                tables.append(table)
                continue
            parts = split_columns(table)
            landscape.update(part.key for part in parts)
            tables += parts
        section.tables = tables
    return landscape
