"""Quarters and years of the partnership's financial year (April to March), in Europe/London
time. The one place returns does period arithmetic: `core.periods` (being written for learning)
replaces this module at merge, so nothing else here computes a quarter.

A quarter is named by the financial year it starts ("2026–27") and its number: Q1 is April–June,
Q2 July–September, Q3 October–December, Q4 January–March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
MONTHS = ("April–June", "July–September", "October–December", "January–March")


def today() -> date:
    """Today's date in Europe/London, whatever the server's zone."""
    return timezone.now().astimezone(LONDON).date()


def _fy_label(start_year: int) -> str:
    return f"{start_year}–{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter `number` (1–4) of the financial year starting in April of `year`."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> Quarter:
        fy = day.year if day.month >= 4 else day.year - 1
        return cls(fy, (day.month - 4) % 12 // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.containing(today())

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def label(self) -> str:
        return f"{_fy_label(self.year)} Q{self.number} ({MONTHS[self.number - 1]} {self.end.year})"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Year:
    """The financial year from 1 April `year` to 31 March `year + 1`."""

    year: int

    @classmethod
    def containing(cls, day: date) -> Year:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self.year, n) for n in (1, 2, 3, 4)]

    @property
    def label(self) -> str:
        return f"{_fy_label(self.year)} (April {self.year} to March {self.year + 1})"

    def __str__(self) -> str:
        return self.label


def quarters_between(start: date, end: date) -> list[Quarter]:
    """Every quarter that starts within [start, end], oldest first."""
    quarter, found = Quarter.containing(start), []
    if quarter.start < start:
        quarter = quarter.next()
    while quarter.start <= end:
        found.append(quarter)
        quarter = quarter.next()
    return found
