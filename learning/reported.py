"""The take-up report's one extension point: figures reported by partners rather than recorded
here (e.g. a quarterly return's "how many of your staff completed level 1 this quarter" from an
organisation whose people never appear in the partnership's own completions).

A source is a callable `source(start, end)` -> iterable of `ReportedTakeup` for quarters within
the dates; register it once (an app's `ready()`):

    from learning.reported import ReportedTakeup, register_reported_takeup

    def returned_training_figures(start, end):
        for answer in ...:
            yield ReportedTakeup(org.pk, org.name, level, Quarter.of(answer.period_end), count)

    register_reported_takeup(returned_training_figures)

The report shows those figures apart and marked "reported", only for an organisation and level
with no recorded completion in the period, and never adds them to the recorded counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.periods import Quarter


@dataclass(frozen=True)
class ReportedTakeup:
    organisation_id: int | None
    organisation_name: str
    level: int
    quarter: Quarter
    count: int
    source: str = ""


Source = Callable[[dt.date, dt.date], Iterable[ReportedTakeup]]
_SOURCES: list[Source] = []


def register_reported_takeup(source: Source) -> Source:
    """Add a source of reported figures (idempotent; usable as a decorator)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def unregister_reported_takeup(source: Source) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def reported_takeup(start: dt.date, end: dt.date) -> list[ReportedTakeup]:
    """Every registered source's figures for quarters that lie within start..end."""
    rows = []
    for source in list(_SOURCES):
        for row in source(start, end):
            if start <= row.quarter.start and row.quarter.end <= end and row.level in (1, 2, 3):
                rows.append(row)
    return rows


def organisations_with_recorded_completions(
    start: dt.date, end: dt.date, level: int | None = None, organisation_ids=None
) -> set[int]:
    """The ids of organisations (of `organisation_ids`, when given) with at least one completion
    recorded here (check-in or import) dated within start..end, at `level` (None: at any
    level). An app collecting reported figures asks them nothing: their take-up is already
    counted."""
    from .models import Completion

    completions = Completion.objects.filter(
        completed_on__gte=start, completed_on__lte=end, organisation__isnull=False
    )
    if level is not None:
        completions = completions.filter(level=level)
    if organisation_ids is not None:
        completions = completions.filter(organisation_id__in=organisation_ids)
    return set(completions.values_list("organisation_id", flat=True).distinct())
