"""Medians and percentiles of durations, worked out by the database.

PostgreSQL computes them with `percentile_cont` over the filtered rows; other databases (SQLite
in `make run` and local tests) get the same answer from the durations read back, which is fine
at their scale.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import connection
from django.db.models import Aggregate, DurationField, ExpressionWrapper, F, FloatField
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


def _count():
    from django.db.models import Count

    return Count("pk")
