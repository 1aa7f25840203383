"""The period the dashboard and a report cover: a financial quarter, a financial year (both from
`core.periods`) or a custom range of days, with the periods each headline is compared with.

Every figure filters moments with `start_moment <= at < end_moment`: local (Europe/London)
midnights, so 23:30 BST on 31 March is in the old year and 00:30 on 1 April in the new one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from core.periods import Quarter, Year

_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–)\s*(\d{4}-\d{2}-\d{2})\s*$")
MAX_RANGE_DAYS = 3 * 366


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Period:
    """`kind` is "quarter", "year" or "range"; `start` and `end` are local dates, inclusive;
    `key` is what URLs, the command and report pages use ("2026-Q3", "2026",
    "2026-04-01..2026-09-30")."""

    kind: str
    start: dt.date
    end: dt.date
    key: str
    label: str

    @classmethod
    def of_quarter(cls, quarter: Quarter) -> Period:
        return cls("quarter", quarter.start, quarter.end, quarter.key, quarter.label)

    @classmethod
    def of_year(cls, year: Year) -> Period:
        return cls("year", year.start, year.end, str(year), f"{year.label} (financial year)")

    @classmethod
    def of_range(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise ValueError("the range ends before it starts")
        if (end - start).days > MAX_RANGE_DAYS:
            raise ValueError("a range can cover at most three years")
        key = f"{start.isoformat()}..{end.isoformat()}"
        label = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
        return cls("range", start, end, key, label)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "2026-Q3", "2026" / "2026-27" or "2026-04-01..2026-06-30". Raises ValueError."""
        text = str(text or "").strip()
        if "q" in text.lower():
            return cls.of_quarter(Quarter.parse(text))
        match = _RANGE.match(text)
        if match:
            try:
                start, end = (dt.date.fromisoformat(g) for g in match.groups())
            except ValueError as exc:
                raise ValueError(f"not a date range: {text!r}") from exc
            return cls.of_range(start, end)
        try:
            return cls.of_year(Year.parse(text))
        except ValueError:
            raise ValueError(
                f'not a period: {text!r} (a quarter such as "2026-Q3", a financial year such '
                'as "2026", or a range such as "2026-04-01..2026-06-30")'
            ) from None

    @classmethod
    def current_quarter(cls) -> Period:
        return cls.of_quarter(Quarter.current())

    @classmethod
    def last_complete_quarter(cls) -> Period:
        return cls.of_quarter(Quarter.current().previous())

    @property
    def start_moment(self) -> dt.datetime:
        return _midnight(self.start)

    @property
    def end_moment(self) -> dt.datetime:
        """Local midnight after the last day: filter with `<`."""
        return _midnight(self.end + dt.timedelta(days=1))

    @property
    def quarter(self) -> Quarter | None:
        return Quarter.parse(self.key) if self.kind == "quarter" else None

    @property
    def year(self) -> Year | None:
        return Year.parse(self.key) if self.kind == "year" else None

    def quarters(self) -> list[Quarter]:
        """The financial quarters the period touches, oldest first (for per-quarter tables)."""
        return list(Quarter.of(self.start).range_to(Quarter.of(self.end)))

    def previous(self) -> Period:
        if self.kind == "quarter":
            return Period.of_quarter(self.quarter.previous())
        if self.kind == "year":
            return Period.of_year(self.year.previous())
        days = (self.end - self.start).days + 1
        return Period.of_range(
            self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1)
        )

    def year_before(self) -> Period:
        if self.kind == "quarter":
            return Period.of_quarter(self.quarter.year_before())
        if self.kind == "year":
            return Period.of_year(self.year.previous())
        return Period.of_range(_year_earlier(self.start), _year_earlier(self.end))

    def comparisons(self) -> list[tuple[str, Period]]:
        """What each headline number is shown beside."""
        if self.kind == "quarter":
            return [
                ("Last quarter", self.previous()),
                ("Same quarter a year earlier", self.year_before()),
            ]
        if self.kind == "year":
            return [("Previous year", self.previous())]
        return [("The same length before", self.previous()), ("A year earlier", self.year_before())]

    def __str__(self) -> str:
        return self.key


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def picker_choices(today: dt.date | None = None) -> dict[str, list[tuple[str, str]]]:
    """The quarters (last eight) and financial years (last three) the picker offers."""
    today = today or timezone.localdate()
    quarter = Quarter.of(today)
    year = Year.of(today)
    return {
        "quarters": [(q.key, q.label) for q in reversed(quarter.last(8))],
        "years": [(str(y), y.label) for y in (year, year.previous(), year.previous().previous())],
    }
