"""Medians and percentiles of durations, worked out by the database.

One function, `span_percentiles`: for each span (a start field, an end field and which rows),
the count and the value at each fraction of `end - start`. PostgreSQL computes them all in one
query with `percentile_cont`, each span filtered to its rows and sorted once for all its
fractions; other databases (SQLite in `make run` and local tests) get the same answer from the
durations read back, fine at their scale.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
)
from django.db.models.functions import Extract

HOURS = 3600
DAYS = 86400


class Percentiles(Aggregate):
    """`percentile_cont(ARRAY[f1, f2, …]) WITHIN GROUP (ORDER BY expression)`: every fraction
    from one sort of the rows, an array of floats (NULL without rows)."""

    function = "PERCENTILE_CONT"
    name = "percentiles"
    template = "%(function)s(%(fractions)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = ArrayField(FloatField())

    def __init__(self, expression, fractions: Sequence[float], **extra):
        array = "ARRAY[" + ", ".join(repr(float(f)) for f in fractions) + "]::float8[]"
        super().__init__(expression, fractions=array, **extra)


def _interpolated(values: list[float], fraction: float) -> float:
    """percentile_cont's definition: linear interpolation between the nearest ranks."""
    values = sorted(values)
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


def _seconds(start, end) -> float | None:
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        return None  # a date against a moment: not a span
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return None
    return (end - start).total_seconds()


def span_percentiles(
    queryset,
    spans: Sequence[tuple[str, str, Q]],
    *,
    fractions: Sequence[float] = (0.5, 0.9),
    unit: int = HOURS,
) -> list[tuple[int, list[float | None]]]:
    """For each `(start_field, end_field, rows)` of `spans` (fields or annotations, both
    moments or both dates; `rows` a Q, `Q()` for all): (how many rows of `queryset` it covers
    with both set, [`end - start` at each fraction, in `unit` seconds, or None without rows])."""
    covered = [
        Q(**{f"{start}__isnull": False, f"{end}__isnull": False}) & rows
        for start, end, rows in spans
    ]
    if connection.vendor == "postgresql":
        aggregates = {}
        for k, ((start, end, _rows), both) in enumerate(zip(spans, covered, strict=True)):
            seconds = Extract(
                ExpressionWrapper(F(end) - F(start), output_field=DurationField()), "epoch"
            )
            aggregates[f"n{k}"] = Count("pk", filter=both)
            aggregates[f"p{k}"] = Percentiles(seconds, fractions, filter=both)
        result = queryset.aggregate(**aggregates)
        return [
            (
                result[f"n{k}"],
                [
                    None if v is None else v / unit
                    for v in result[f"p{k}"] or [None] * len(fractions)
                ],
            )
            for k in range(len(spans))
        ]
    out = []
    for (start, end, _rows), both in zip(spans, covered, strict=True):
        pairs = queryset.filter(both).values_list(start, end)
        values = [s / unit for s in (_seconds(a, b) for a, b in pairs) if s is not None]
        out.append((len(values), [_interpolated(values, f) if values else None for f in fractions]))
    return out


class Bucket(Func):
    """Which of `bounds` (ascending moments) a moment falls in: `i` for `bounds[i] <= moment <
    bounds[i + 1]` (the last bound's bucket has no end; -1 before the first). For grouping
    rows by quarter or month with plain comparisons: truncating each row's moment to a
    local quarter or month (`AT TIME ZONE`, then `date_trunc`) cost three times as long."""

    output_field = IntegerField()

    def __init__(self, expression, bounds: Sequence[dt.datetime]):
        self.bounds = list(bounds)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":  # a binary search over the bounds
            return f"(width_bucket({column}, %s::timestamptz[]) - 1)", [*params, self.bounds]
        whens = " ".join(f"WHEN {column} < %s THEN {i - 1}" for i in range(len(self.bounds)))
        return f"CASE {whens} ELSE {len(self.bounds) - 1} END", [
            *(p for bound in self.bounds for p in (*params, bound)),
        ]
