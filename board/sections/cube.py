"""A financial year's counts as one cube for `disclosure.linked`: (quarter or the year, row,
column), `TOTAL` for a margin, so a quarter's table, the year's table, their totals and the
headlines read from them are slices disclosed together, and no subtraction of one from another
(a quarter from its year, a row from its total) gives back a figure another hides.

The sections that count per send, per event or per district (communications, events, reach)
build their figures with `year_cube` and read them with `cube_reader`; inbox and learning build
their own richer cubes the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core import disclosure
from core.disclosure import TOTAL, Figure, Rule
from core.periods import Period, Year


def year_cube(
    year: Year,
    values: dict[tuple, int],
    rows: Sequence,
    columns: Sequence,
    rule: Rule,
    *,
    year_values: dict[tuple, int] | None = None,
    categories: bool = False,
) -> disclosure.Linked:
    """Disclose `values` {(quarter key, row, column): exact count} of `year`'s quarters
    together with the year (`TOTAL` in the first place) and the column totals (`TOTAL` row).

    `year_values` {(row, column): count}: the year's own counts, when they are not the sum of
    its quarters (people counted once in the year however many quarters they were in: never
    more than that sum, which errs on the safe side); otherwise the year is the quarters' sum.
    `categories`: the columns split each row's records into kinds, so a row total (`TOTAL`
    column) takes part and a row whose records all fall in one kind is withheld; otherwise the
    columns are different measures (sent, bounced, …) that do not add up and each is disclosed
    along the periods and the rows only. Cells are laid out in a fixed order (quarters, then
    rows, then columns, as given), so every view of the year gets the same answer."""
    quarters = [q.key for q in year.quarters()]
    column_keys = [*columns, TOTAL] if categories else list(columns)
    cells: dict[tuple, int] = {}
    for p in [*quarters, TOTAL]:
        for r in [*rows, TOTAL]:
            for c in column_keys:
                cells[(p, r, c)] = 0

    def add(p, r, c, n):
        for rr in (r, TOTAL):
            cells[(p, rr, c)] += n
            if categories:
                cells[(p, rr, TOTAL)] += n

    for (q, r, c), n in values.items():
        if q in quarters and n:
            add(q, r, c, n)
            if year_values is None:
                add(TOTAL, r, c, n)
    for (r, c), n in (year_values or {}).items():
        if n:
            add(TOTAL, r, c, n)
    return disclosure.linked(cells, rule, category_dim=2 if categories else None)


def cube_reader(
    years: Sequence[Year], build: Callable[[Year], disclosure.Linked]
) -> Callable[..., Figure]:
    """`figure(period, row, column)` for any quarter or year of `years`, read from its year's
    cube (`build(year)`, built once per year)."""
    cubes: dict[str, tuple[object, disclosure.Linked]] = {}
    for year in years:
        shown = build(year)
        for q in year.quarters():
            cubes[q.key] = (q.key, shown)
        cubes[str(year)] = (TOTAL, shown)

    def figure(period: Period, row, column) -> Figure:
        coordinate, shown = cubes[period.key]
        return shown[(coordinate, row, column)]

    return figure
