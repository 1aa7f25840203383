"""Training currency: how long a completion stays in date, and a person's current level.

A completion of level L on day d is in date on every day before `expires_on(L, d)`: the same
calendar day N years later, N being the partnership's validity for that level (Settings →
Partnership → Training currency); a 29 February completion expires on 28 February. A person's
current level is the highest level they hold in date. Days are the partnership's local days
(Europe/London), so a completion at 00:30 in British Summer Time counts on its own day.

Nothing stored changes when a validity period is changed: expiry is worked out when asked,
from `completed_on` and the settings, by the three functions here (one for Python, one for SQL,
one for a person), so every screen, report, reminder and certificate agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from core.partnership import partnership

from .levels import Level

LEVELS = [value for value, _ in Level.choices]


def today() -> date:
    """The partnership's day now (local time, so BST's first hour counts on its own day)."""
    return timezone.localdate()


def validity_years(settings=None) -> dict[int, int]:
    """{level: years in date} from the partnership's settings."""
    settings = settings or partnership()
    return {level: getattr(settings, f"training_valid_years_level_{level}") for level in LEVELS}


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expires_on(level: int, completed_on: date, years: dict[int, int] | None = None) -> date:
    """The first day a completion of `level` on `completed_on` is no longer in date."""
    years = years or validity_years()
    return add_years(completed_on, years[level])


def is_in_date(level: int, completed_on: date, on: date | None = None, years=None) -> bool:
    return (on or today()) < expires_on(level, completed_on, years)


def _last_expired_day(level_years: int, on: date) -> date:
    """The latest completion day whose completion is no longer in date on `on` (expiry is
    monotonic in the completion day, so every earlier day has expired too)."""
    day = add_years(on, -level_years)
    # 28 February may be followed by a 29 February that expires on the same 28 February.
    while add_years(day + timedelta(days=1), level_years) <= on:
        day += timedelta(days=1)
    return day


def in_date_q(on: date | None = None, years: dict[int, int] | None = None, prefix: str = "") -> Q:
    """A filter on Completion (or a relation to it, with `prefix` such as
    "training_completions__") keeping the completions in date on `on` (default: today).
    One range condition per level, so the (completed_on, level) index serves it."""
    on, years = on or today(), years or validity_years()
    q = Q()
    for level in LEVELS:
        q |= Q(
            **{
                f"{prefix}level": level,
                f"{prefix}completed_on__gt": _last_expired_day(years[level], on),
                f"{prefix}completed_on__lte": on,
            }
        )
    return q


@dataclass(frozen=True)
class Held:
    """One completion as the person holds it on a day."""

    completion_id: int
    level: int
    level_name: str
    completed_on: date
    expires_on: date
    in_date: bool
    session_title: str
    course: str


def training_of(contact, on: date | None = None) -> list[Held]:
    """Every completion of a contact (not erased), newest first, with its expiry and whether
    it is in date on `on` (default today)."""
    from .models import Completion

    on, years = on or today(), validity_years()
    rows = (
        Completion.objects.filter(contact=contact, erased_at__isnull=True)
        .select_related("session")
        .order_by("-completed_on", "-level", "-pk")
    )
    held = []
    for row in rows:
        ends = expires_on(row.level, row.completed_on, years)
        held.append(
            Held(
                completion_id=row.pk,
                level=row.level,
                level_name=Level(row.level).label,
                completed_on=row.completed_on,
                expires_on=ends,
                in_date=row.completed_on <= on < ends,
                session_title=row.session.title if row.session_id else "",
                course=row.course,
            )
        )
    return held


def current_level(held: list[Held]) -> Held | None:
    """The highest level held in date (its latest completion), or None."""
    in_date = [h for h in held if h.in_date]
    return max(in_date, key=lambda h: (h.level, h.completed_on), default=None)
