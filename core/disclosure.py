"""Disclosure control: the one place a figure is made safe to leave the coordinator's screens.

Everything the board sees, every export, every PDF and every emailed figure passes through the
functions here, so that no table about a district or a sector can be used to identify a person.
The rule (the partnership's settings; the defaults are UK practice, as NHS Digital and OpenSAFELY
publish):

- a count from 1 to `threshold - 1` (1 to 7) shows as "1–7", never its value; 0 shows as 0;
- every other count is rounded to the nearest `rounding` (5): 12 shows as 10, 13 as 15;
- in a table, a line (a row or a column, its total included) that holds exactly one hidden figure
  has a second one withheld — the smallest other non-zero figure of the line — so that the total
  cannot work the hidden one back; this repeats until no line holds a single hidden figure
  (secondary suppression);
- figures that count the same records — a quarter and its year, a district and the county, a
  breakdown and its total — are cells of one cube disclosed together (`linked`), the singleton
  check running along every dimension, so a figure hidden in one table is hidden or partnered
  in every other and no subtraction across them gives it back (ONS's consistent protection of
  linked tables; sdcTable's `protectLinkedTables`, tau-argus);
- class disclosure: a row whose records all fall in one category is withheld, zeros included
  (`table(categories=True)`, `linked(category_dim=…)`);
- a percentage is shown only when its base is at least the threshold and its numerator is shown,
  and is worked out from the rounded figures; an average only when its base is at least the
  threshold; a median or percentile only when its base is at least `statistic_base` (20).

Only standard periods (financial quarters and years, `core.periods.Period`) are disclosed: a
range of days would let two periods a day apart give a day's count back.

`Rule.exact()` is for the coordinator's own screens: the same tables, exact figures. A `Figure`
carries only what its reader may know (its text and the number shown), never the hidden value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WITHHELD = "withheld"
NOT_SHOWN = "—"


@dataclass(frozen=True)
class Rule:
    """How small numbers are protected. `exact` shows every figure as it is (coordinator only)."""

    threshold: int = 8
    rounding: int = 5
    exact: bool = False
    statistic_base: int = 20

    @classmethod
    def for_partnership(cls, request_or_site=None) -> Rule:
        """The partnership's rule (its settings' threshold and rounding)."""
        from core.partnership import partnership

        settings = partnership(request_or_site)
        threshold = max(2, int(settings.disclosure_threshold or 8))
        return cls(
            threshold=threshold,
            rounding=max(1, int(settings.disclosure_rounding or 5)),
            statistic_base=max(threshold, int(settings.disclosure_statistic_base or 20)),
        )

    @classmethod
    def exact_figures(cls) -> Rule:
        return cls(exact=True)

    @property
    def small_range(self) -> str:
        return f"1–{self.threshold - 1}"

    def is_small(self, n: int) -> bool:
        return not self.exact and 0 < n < self.threshold

    def rounded(self, n: int) -> int:
        if self.exact or self.rounding == 1:
            return n
        return (n + self.rounding // 2) // self.rounding * self.rounding


@dataclass(frozen=True)
class Figure:
    """A figure as its reader sees it: `text` always; `number` (the rounded count, or the exact
    one under `Rule.exact_figures()`) unless the figure is hidden."""

    text: str
    number: int | float | None
    hidden: bool = False

    def __str__(self) -> str:
        return self.text


def _shown(n: int, rule: Rule) -> Figure:
    value = rule.rounded(n)
    return Figure(f"{value:,}", value)


def count(n: int, rule: Rule) -> Figure:
    """One count on its own (a headline number): small ones become the range, others round."""
    n = int(n or 0)
    if n < 0:
        raise ValueError("a count cannot be negative")
    if rule.is_small(n):
        return Figure(rule.small_range, None, hidden=True)
    return _shown(n, rule)


def rate(numerator: int, base: int, rule: Rule, *, digits: int = 0) -> Figure:
    """`numerator` as a percentage of `base`; not shown when the base is under the threshold or
    the numerator is itself hidden. Computed from the figures as shown, so it cannot be used to
    work back an exact count."""
    return rate_of(count(numerator, rule), count(base, rule), rule, digits=digits)


def rate_of(top: Figure, base: Figure, rule: Rule, *, digits: int = 0) -> Figure:
    """A percentage of two figures already disclosed (in a table or `linked`, where a count may
    be withheld although `count` alone would show it): not shown when either is hidden or the
    base is 0 or under the threshold, and worked out from the numbers as shown, so it says
    nothing its two figures do not."""
    bottom = base.number
    if top.hidden or base.hidden or not bottom or (not rule.exact and bottom < rule.threshold):
        return Figure(NOT_SHOWN, None, hidden=True)
    value = round(100 * top.number / bottom, digits)
    return Figure(f"{value:.{digits}f}%", value)


def average(value: float | None, base: int, rule: Rule, *, digits: int = 1) -> Figure:
    """An average, median or other statistic over `base` people or records; not shown when the
    base is under the threshold."""
    base = int(base or 0)
    if value is None or base == 0 or (not rule.exact and base < rule.threshold):
        return Figure(NOT_SHOWN, None, hidden=True)
    value = round(float(value), digits)
    return Figure(f"{value:.{digits}f}", value)


def percentile(value: float | None, base: int, rule: Rule, *, digits: int = 1) -> Figure:
    """A median or other percentile over `base` people or records; not shown when the base is
    under the rule's `statistic_base` (20): on a handful of records a median is one person's
    own figure."""
    base = int(base or 0)
    if value is None or base == 0 or (not rule.exact and base < rule.statistic_base):
        return Figure(NOT_SHOWN, None, hidden=True)
    value = round(float(value), digits)
    return Figure(f"{value:.{digits}f}", value)


@dataclass(frozen=True)
class Table:
    """A disclosed table: `cells[i][j]`, `row_totals[i]`, `column_totals[j]`, `total`."""

    cells: list[list[Figure]]
    row_totals: list[Figure]
    column_totals: list[Figure]
    total: Figure

    @property
    def any_hidden(self) -> bool:
        return any(f.hidden for row in self.cells for f in row) or any(
            f.hidden for f in (*self.row_totals, *self.column_totals, self.total)
        )


def table(
    rows: Sequence[Sequence[int]], rule: Rule, *, categories: bool = False, forced=()
) -> Table:
    """Disclose a table of counts together with its row, column and grand totals.

    With `categories` (the columns split each row's records into kinds, so a row's total is its
    records), a row whose records all fall in one column is treated as small (class
    disclosure): its cells, zeros included, are withheld, so the table does not say "every one
    of them is of this kind". `forced` are (row, column) positions hidden elsewhere (in a linked
    table) that must be hidden here too; row `len(rows)` is the column totals and column
    `len(columns)` the row totals.

    Primary suppression hides each count from 1 to threshold - 1; secondary suppression then
    withholds, in every row and column (totals included) left with exactly one hidden figure, the
    smallest other non-zero figure, until none is left alone. Totals are computed from the exact
    counts and then disclosed like any count, so they are consistent with nothing a reader could
    subtract.
    """
    matrix = [[int(v or 0) for v in row] for row in rows]
    n_rows = len(matrix)
    n_cols = max((len(r) for r in matrix), default=0)
    for r in matrix:
        r.extend([0] * (n_cols - len(r)))
    # The extended grid: the last column holds the row totals, the last row the column totals.
    grid = [[*r, sum(r)] for r in matrix]
    grid.append([sum(matrix[i][j] for i in range(n_rows)) for j in range(n_cols)])
    grid[-1].append(sum(grid[-1]))

    primary: set[tuple[int, int]] = set()
    hidden: set[tuple[int, int]] = set()
    if not rule.exact:
        limit = rule.threshold
        for i, line in enumerate(grid):
            primary.update((i, j) for j, v in enumerate(line) if 0 < v < limit)
        hidden = primary | set(forced)
        if categories and n_cols > 1:
            for i in range(n_rows):
                if grid[i][n_cols] and sum(1 for v in matrix[i] if v) == 1:
                    # a zero whose column total is 0 is known whatever is shown: left as 0
                    hidden.update((i, j) for j in range(n_cols) if matrix[i][j] or grid[n_rows][j])
    if hidden:
        _suppress_secondary(grid, hidden)

    small = Figure(rule.small_range, None, hidden=True)
    withheld = Figure(WITHHELD, None, hidden=True)
    shown: dict[int, Figure] = {}  # Figures are immutable: one per distinct value

    def figure(i: int, j: int) -> Figure:
        if (i, j) in hidden:
            return small if (i, j) in primary else withheld
        value = grid[i][j]
        if value not in shown:
            shown[value] = _shown(value, rule)
        return shown[value]

    return Table(
        cells=[[figure(i, j) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[figure(i, n_cols) for i in range(n_rows)],
        column_totals=[figure(n_rows, j) for j in range(n_cols)],
        total=figure(n_rows, n_cols),
    )


def _suppress_secondary(grid: list[list[int]], hidden: set[tuple[int, int]]) -> None:
    """Withhold, in each line left with exactly one hidden figure, its smallest other non-zero
    figure, until no line has one alone. A work list of lines, each with its figures sorted once
    and a cursor that only moves forward (hidden figures only grow), so a table of thousands of
    rows takes milliseconds, not a pass over every line per figure withheld."""
    height, width = len(grid), len(grid[0])
    lines = [[(i, j) for j in range(width)] for i in range(height)]
    lines += [[(i, j) for i in range(height)] for j in range(width)]
    count = [sum(1 for pos in line if pos in hidden) for line in lines]
    order = [None] * len(lines)  # each line's non-zero figures, smallest first, when needed
    cursor = [0] * len(lines)
    pending = [k for k, c in enumerate(count) if c == 1]
    while pending:
        k = pending.pop()
        if count[k] != 1:
            continue
        if order[k] is None:
            order[k] = sorted(
                (p for p in lines[k] if grid[p[0]][p[1]] > 0), key=lambda p: (grid[p[0]][p[1]], p)
            )
        candidates = order[k]
        while cursor[k] < len(candidates) and candidates[cursor[k]] in hidden:
            cursor[k] += 1
        if cursor[k] == len(candidates):
            continue  # nothing else to withhold: the line's other figures are all zero
        i, j = candidates[cursor[k]]
        hidden.add((i, j))
        for line in (i, height + j):
            count[line] += 1
            if count[line] == 1:
                pending.append(line)


# --- Linked figures ----------------------------------------------------------------------------

TOTAL = "Total"  # a margin: every value of its dimension added together


class Linked:
    """Figures disclosed together (`linked`): `linked[coordinates]` is the figure of one cell."""

    def __init__(self, figures: dict[tuple, Figure]):
        self._figures = figures

    def __getitem__(self, coordinates: tuple) -> Figure:
        return self._figures[coordinates]

    def __contains__(self, coordinates: tuple) -> bool:
        return coordinates in self._figures

    def hidden(self) -> set[tuple]:
        return {c for c, f in self._figures.items() if f.hidden}


def linked(
    cells: dict[tuple, int], rule: Rule, *, category_dim: int | None = None, forced=()
) -> Linked:
    """Disclose, together, every count that a set of linked tables and headlines shows: the
    cells of a cube (a period's quarters and its year × districts × kinds, say), keyed by their
    coordinates, with `TOTAL` in a dimension for its margin. Each table of the set is a slice
    of the cube, so a cell hidden in one is hidden in every other that shows the same records.

    The caller promises that a margin is the sum of the cells it covers (or at least no less
    than each and no more than their sum: counting a person once however many of the cells
    hold them errs on the safe side). A line is a margin together with every cell it adds up
    (one dimension varying), when the cube holds them all. Primary suppression hides every
    count from 1 to threshold - 1 (and, along `category_dim`, the cells of a line whose records
    all fall in one category, but for zeros another line already shows to be 0: class
    disclosure), and `forced` cells (hidden in a figure
    disclosed elsewhere); secondary suppression then withholds, in every line left with one
    hidden figure, the smallest other non-zero figure, until no line in any dimension has one
    alone — sdcTable's `protectLinkedTables` and tau-argus's linked tables run the same
    singleton check over a common cube. The same cells in the same order give the same
    answer, so every view of the cube (the quarter's, the year's) shows the same pattern.
    """
    values = {c: int(v or 0) for c, v in cells.items()}
    shown: dict[int, Figure] = {}  # Figures are immutable: one per distinct value

    def figure(v: int) -> Figure:
        if v not in shown:
            shown[v] = _shown(v, rule)
        return shown[v]

    if rule.exact:
        return Linked({c: figure(v) for c, v in values.items()})
    lines: dict[tuple, list[tuple]] = {}
    for c in values:
        for i, k in enumerate(c):
            if k == TOTAL:
                continue
            margin = (*c[:i], TOTAL, *c[i + 1 :])
            if margin in values:
                lines.setdefault((margin, i), [margin]).append(c)
    primary = {c for c, v in values.items() if 0 < v < rule.threshold}
    hidden = primary | {c for c in forced if c in values}
    if category_dim is not None:
        hidden |= _class_disclosure(lines, values, category_dim)
    if hidden:
        position = {c: n for n, c in enumerate(values)}
        _suppress_lines(list(lines.values()), values, position, hidden)
    small = Figure(rule.small_range, None, hidden=True)
    withheld = Figure(WITHHELD, None, hidden=True)
    return Linked(
        {
            c: (small if c in primary else withheld) if c in hidden else figure(v)
            for c, v in values.items()
        }
    )


def _class_disclosure(lines: dict, values: dict, dim: int) -> set:
    """The cells of every line along `dim` whose records all fall in one category: its one
    non-zero cell and its zeros — except a zero that the figures left shown already give away
    (a zero in a line whose margin shows 0, or a margin of 0 whose cells all show), which is
    left as 0 (hiding it would hide nothing)."""
    hidden: set = set()
    for (margin, i), line in lines.items():
        children = line[1:]
        if i != dim or len(children) < 2 or not values[margin]:
            continue
        if sum(1 for c in children if values[c]) == 1:
            hidden.update(children)
    member_of: dict[tuple, list[list]] = {}
    for line in lines.values():
        for c in line:
            member_of.setdefault(c, []).append(line)
    changed = True
    while changed:
        changed = False
        for c in [c for c in hidden if not values[c]]:
            for line in member_of.get(c, []):
                margin, children = line[0], line[1:]
                known = (c != margin and not values[margin] and margin not in hidden) or (
                    c == margin and not any(x in hidden for x in children)
                )
                if known:
                    hidden.discard(c)
                    changed = True
                    break
    return hidden


def _suppress_lines(lines, values, position, hidden: set) -> None:
    """`_suppress_secondary` over any set of lines (lists of cells) rather than a grid's rows
    and columns: a work list of lines, each sorted once, with a cursor that only moves forward."""
    member_of: dict[tuple, list[int]] = {}
    for k, line in enumerate(lines):
        for c in line:
            member_of.setdefault(c, []).append(k)
    count = [sum(1 for c in line if c in hidden) for line in lines]
    order: list[list | None] = [None] * len(lines)
    cursor = [0] * len(lines)
    pending = [k for k, n in enumerate(count) if n == 1]
    while pending:
        k = pending.pop()
        if count[k] != 1:
            continue
        if order[k] is None:
            order[k] = sorted(
                (c for c in lines[k] if values[c] > 0), key=lambda c: (values[c], position[c])
            )
        candidates = order[k]
        while cursor[k] < len(candidates) and candidates[cursor[k]] in hidden:
            cursor[k] += 1
        if cursor[k] == len(candidates):
            continue
        cell = candidates[cursor[k]]
        hidden.add(cell)
        for line in member_of[cell]:
            count[line] += 1
            if count[line] == 1:
                pending.append(line)


class Grouped:
    """Figures of `by_groups`: `leaf(key)`, `group(i, group key)` for the i-th grouping,
    `total`."""

    def __init__(self, shown: Linked, width: int, positions: dict):
        self._shown, self._width, self._positions = shown, width, positions

    def leaf(self, key) -> Figure:
        return self._shown[(*[TOTAL] * self._width, ("leaf", key))]

    def group(self, i: int, key) -> Figure:
        return self._shown[self._positions[(i, key)]]

    @property
    def total(self) -> Figure:
        return self._shown[(TOTAL,) * (self._width + 1)]


def by_groups(leaves: dict, groupings: Sequence[dict], rule: Rule) -> Grouped:
    """Disclose, together, counts of things that each belong to one group of every grouping
    (organisations, each in one sector and one district), every group's sum and the grand
    total: a reader who adds or subtracts any of them — a sector less its organisations, the
    county less its districts — gets no hidden figure back. `leaves` is {key: count}; each
    grouping is {leaf key: group key} (None is a group like any other).

    Built on `linked`: each leaf is a cell of its own (in the line of the total and every
    leaf) with one copy per grouping (in the line of its group and its groups' siblings), and a
    copy is one line with the leaf itself, so a leaf withheld in one line is withheld in every
    other."""
    width = len(groupings)
    cells: dict[tuple, int] = {(TOTAL,) * (width + 1): sum(int(n or 0) for n in leaves.values())}
    positions: dict[tuple, tuple] = {}
    for i, grouping in enumerate(groupings):
        for key in leaves:
            group = ("group", grouping[key])
            at = (*[TOTAL] * i, group, *[TOTAL] * (width - i - 1))
            margin = (*at, TOTAL)
            positions[(i, grouping[key])] = margin
            cells[margin] = cells.get(margin, 0) + int(leaves[key] or 0)
            cells[(*at, ("leaf", key))] = int(leaves[key] or 0)
    for key, n in leaves.items():
        cells[(*[TOTAL] * width, ("leaf", key))] = int(n or 0)
    return Grouped(linked(cells, rule), width, positions)


def method_note(rule: Rule) -> str:
    """The sentence every report, export and PDF ends with, in the rule's own numbers."""
    if rule.exact:
        return "Figures are exact: this view is for the partnership coordinator only."
    rounding = (
        f" and other counts are rounded to the nearest {rule.rounding}" if rule.rounding > 1 else ""
    )
    return (
        f"To protect individuals, counts from {rule.small_range} are shown as “{rule.small_range}”"
        f"{rounding}; where a total could reveal a hidden count, another figure is "
        f"“{WITHHELD}”, and a figure hidden in one table is hidden in every table, headline and "
        "chart that counts the same records (a quarter and its year, a district and the county, "
        "a breakdown and its total), so no subtraction gives it back; a row whose records all "
        f"fall in one category is “{WITHHELD}” too. Figures cover financial quarters and years, "
        "never a range of days. A list of names is shown only beside a count "
        "that is itself shown, and a fact about one named person is counted, not listed. "
        f"Percentages and averages resting on fewer than {rule.threshold}, and medians and "
        f"percentiles resting on fewer than {rule.statistic_base}, are not shown (“{NOT_SHOWN}”). "
        "Totals are rounded from exact counts, so they may differ from the sum of the rounded "
        "figures. Counts of the action plan's actions are exact: they count actions, not people."
    )
