"""The staff who need each level (`learning.models.Headcount`): what each organisation stated
last, and the one check every way of stating it makes (the learning return's form, the
coordinator's screen, `learning.actions.record_headcount`).

A number is the staff (or volunteers) whose role needs that level *or a higher one*, so level 1's
number is never below level 2's, nor level 2's below level 3's: everyone who needs WRAP needs the
awareness level too. Coverage counts the same way (a person in date at a higher level is covered
at the levels below it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from .currency import LEVELS, today
from .levels import SHORT_NAMES
from .models import Headcount
from .models.headcounts import MOST_STAFF


@dataclass(frozen=True)
class Stated:
    """An organisation's latest statement for one level."""

    staff_needing: int
    as_of: date
    source: str
    source_detail: str = ""

    @property
    def source_label(self) -> str:
        return Headcount.Source(self.source).label


def stated(on: date | None = None, organisation_ids=None) -> dict[int, dict[int, Stated]]:
    """{organisation id: {level: Stated}}: for each organisation and level, the latest statement
    made on or before `on` (default today): the latest `as_of`, then the last recorded. Levels
    never stated are absent. One query (an anti-join on the (organisation, level, as_of) index),
    whatever the history's length."""
    on = on or today()
    rows = Headcount.objects.filter(as_of__lte=on).exclude(Exists(superseded_by(on)))
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    found: dict[int, dict[int, Stated]] = {}
    for org, level, n, as_of, source, detail in rows.values_list(
        "organisation_id", "level", "staff_needing", "as_of", "source", "source_detail"
    ).order_by():
        found.setdefault(org, {})[level] = Stated(n, as_of, source, detail)
    return found


def superseded_by(on: date):
    """For a statement (`OuterRef`), the later statements of its organisation and level made by
    `on`: it counts on `on` when there is none."""
    return Headcount.objects.filter(
        organisation_id=OuterRef("organisation_id"), level=OuterRef("level"), as_of__lte=on
    ).filter(Q(as_of__gt=OuterRef("as_of")) | Q(as_of=OuterRef("as_of"), pk__gt=OuterRef("pk")))


def stated_for(organisation_id: int, on: date | None = None) -> dict[int, Stated]:
    """One organisation's latest statement per level (`stated`)."""
    return stated(on, [organisation_id]).get(organisation_id, {})


def level_name(level: int) -> str:
    return SHORT_NAMES[level].lower()


def problems(
    figures: dict[int, int | None], previous: dict[int, Stated] | None = None
) -> dict[int, str]:
    """{level: what is wrong} with a statement (`figures`: level → staff needing it, None for a
    level left out), in words for the person who typed it. A level left out keeps its previous
    statement (`previous`, from `stated_for`), which the others are checked against."""
    previous = previous or {}
    found: dict[int, str] = {}
    for level, n in figures.items():
        if n is not None and not 0 <= n <= MOST_STAFF:
            found[level] = f"Enter a whole number from 0 to {MOST_STAFF:,} for {level_name(level)}."
    # (number, the day it was stated: None for one typed now)
    known = {level: (s.staff_needing, s.as_of) for level, s in previous.items()}
    known.update(
        {level: (n, None) for level, n in figures.items() if level not in found and n is not None}
    )
    for lower in LEVELS:
        for higher in LEVELS:
            if higher <= lower or lower not in known or higher not in known:
                continue
            (low, low_day), (high, high_day) = known[lower], known[higher]
            if high <= low or (low_day and high_day):
                continue  # consistent, or both stated before: not this statement's doing
            said = f" (stated on {low_day:%-d %B %Y})" if low_day else ""
            found.setdefault(
                lower if high_day else higher,
                f"{high:,} staff need {level_name(higher)} but {low:,} need "
                f"{level_name(lower)}{said}: everyone who needs {level_name(higher)} needs "
                f"{level_name(lower)} too, so {level_name(lower)}'s number cannot be smaller. "
                "Check both numbers.",
            )
    return found
