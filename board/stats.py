"""Medians and percentiles of durations, worked out by the database.

PostgreSQL computes them with `percentile_cont` over the filtered rows; other databases (SQLite
in `make run` and local tests) get the same answer from the durations read back, which is fine
at their scale.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Extract


class Percentile(Aggregate):
    function = "PERCENTILE_CONT"
    name = "percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _interpolated(values: list[float], fraction: float) -> float:
    """percentile_cont's definition: linear interpolation between the nearest ranks."""
    values = sorted(values)
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


def duration_hours(queryset, start_field: str, end_field: str, fractions=(0.5, 0.9)):
    """(count, [hours at each fraction]) of `end - start` over rows where both are set.
    The hours are None when no row has both."""
    rows = queryset.filter(**{f"{start_field}__isnull": False, f"{end_field}__isnull": False})
    if connection.vendor == "postgresql":
        seconds = Extract(
            ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField()), "epoch"
        )
        aggregates = {f"p{i}": Percentile(seconds, f) for i, f in enumerate(fractions)}
        result = rows.aggregate(n=_count(), **aggregates)
        n = result.pop("n")
        return n, [
            None if result[f"p{i}"] is None else result[f"p{i}"] / 3600
            for i in range(len(fractions))
        ]
    values = [
        (end - start).total_seconds() / 3600
        for start, end in rows.values_list(start_field, end_field)
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    ]
    if not values:
        return 0, [None for _ in fractions]
    return len(values), [_interpolated(values, f) for f in fractions]


def durations_hours(
    queryset, start_field: str, end_fields: list[str], fractions=(0.5, 0.9)
) -> list[tuple[int, list[float | None]]]:
    """`duration_hours` for several end fields over the same rows, in one query on
    PostgreSQL: each count and percentile filtered to the rows whose end is set, so the rows
    are read once rather than once per end field."""
    if connection.vendor != "postgresql":
        return [duration_hours(queryset, start_field, end, fractions) for end in end_fields]
    aggregates = {}
    for k, end in enumerate(end_fields):
        both = Q(**{f"{start_field}__isnull": False, f"{end}__isnull": False})
        seconds = Extract(
            ExpressionWrapper(F(end) - F(start_field), output_field=DurationField()), "epoch"
        )
        aggregates[f"n{k}"] = Count("pk", filter=both)
        for i, f in enumerate(fractions):
            aggregates[f"p{k}_{i}"] = Percentile(seconds, f, filter=both)
    result = queryset.aggregate(**aggregates)
    return [
        (
            result[f"n{k}"],
            [
                None if result[f"p{k}_{i}"] is None else result[f"p{k}_{i}"] / 3600
                for i in range(len(fractions))
            ],
        )
        for k in range(len(end_fields))
    ]


def _count():
    return Count("pk")


def days_between(
    queryset, start_field: str, end_field: str, groups, fraction: float = 0.5
) -> list[tuple[int, float | None]]:
    """(count, days at `fraction`) of `end - start`, two dates (or date annotations), for each
    Q of `groups`, over the rows of the queryset where both are set: one query on PostgreSQL
    (each count and percentile_cont filtered to its group), the same answer from the rows read
    back elsewhere (one query per group)."""
    both = Q(**{f"{start_field}__isnull": False, f"{end_field}__isnull": False})
    if connection.vendor == "postgresql":
        days = Extract(
            ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField()), "epoch"
        )
        aggregates = {}
        for k, group in enumerate(groups):
            aggregates[f"n{k}"] = Count("pk", filter=both & group)
            aggregates[f"p{k}"] = Percentile(days, fraction, filter=both & group)
        result = queryset.aggregate(**aggregates)
        return [
            (
                result[f"n{k}"],
                None if result[f"p{k}"] is None else result[f"p{k}"] / 86400,
            )
            for k in range(len(groups))
        ]
    out = []
    for group in groups:
        values = [
            (end - start).days
            for start, end in queryset.filter(both & group).values_list(start_field, end_field)
        ]
        out.append((len(values), _interpolated(values, fraction) if values else None))
    return out
