"""Financial quarters and years: the one place the partnership's reporting periods are worked out.

The partnership reports on the UK public sector's financial year, April to March: quarter 1 is
April–June, quarter 2 July–September, quarter 3 October–December, quarter 4 January–March. A year
is named by its two calendar years ("2026–27") and a quarter by its year and number ("2026–27 Q3",
October to December 2026). Dates are local dates in `TIME_ZONE` (Europe/London): a moment is first
turned into its local date, so 23:30 on 31 March (BST) is in Q4 and 00:30 on 1 April in Q1.

The key form, for URLs, CSV columns and form fields, is `"2026-Q3"` (the year the financial year
starts in, then the quarter); `Quarter.parse` reads it back, and `str(quarter)` writes it.

    q = Quarter.of(date(2026, 11, 5))     # Quarter(year=2026, number=3)
    q.start, q.end                        # date(2026, 10, 1), date(2026, 12, 31)
    q.label                               # "2026–27 Q3"
    q.previous(), q.year_before()         # 2026-Q2, 2025-Q3
    Quarter.parse("2026-Q3") == q         # True
    Year.of(date(2027, 2, 1)).label       # "2026–27"

Quarters and years order as time does, so `min`, `max`, `sorted` and `range_to` work on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

FIRST_MONTH = 4  # April: the financial year starts on 1 April.

_QUARTER_KEY = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_YEAR_KEY = re.compile(r"^\s*(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?\s*$")


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The local (TIME_ZONE) date of a date or a moment. A naive datetime is taken as local."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@dataclass(frozen=True, order=True)
class Year:
    """A financial year, named by the calendar year it starts in (`Year(2026)` is 2026–27)."""

    start_year: int

    @classmethod
    def of(cls, value: dt.date | dt.datetime) -> Year:
        day = local_date(value)
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls) -> Year:
        return cls.of(_today())

    @classmethod
    def parse(cls, text: str) -> Year:
        """Read "2026", "2026-27", "2026–27" or "2026/2027". Raises ValueError otherwise, and for a
        second year that does not follow the first."""
        match = _YEAR_KEY.match(str(text or ""))
        if not match:
            raise ValueError(f"not a financial year: {text!r}")
        start = int(match.group(1))
        if match.group(2):
            end = int(match.group(2))
            if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
                raise ValueError(f"not a financial year: {text!r}")
        return cls(start)

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, FIRST_MONTH, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the year (31 March), inclusive."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.start_year}–{(self.start_year + 1) % 100:02d}"

    def quarters(self) -> list[Quarter]:
        return [Quarter(self.start_year, n) for n in (1, 2, 3, 4)]

    def previous(self) -> Year:
        return Year(self.start_year - 1)

    def next(self) -> Year:
        return Year(self.start_year + 1)

    def __contains__(self, value: dt.date | dt.datetime) -> bool:
        return Year.of(value) == self

    def __str__(self) -> str:
        return str(self.start_year)


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter: `year` is the calendar year its financial year starts in, `number`
    1–4 (1 = April–June). `Quarter(2026, 4)` is January–March 2027."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"a quarter is numbered 1 to 4, not {self.number!r}")

    @classmethod
    def of(cls, value: dt.date | dt.datetime) -> Quarter:
        day = local_date(value)
        return cls.of_month(day.year, day.month)

    @classmethod
    def of_month(cls, calendar_year: int, month: int) -> Quarter:
        """The quarter a calendar month falls in (for figures grouped by month in SQL)."""
        year = calendar_year if month >= FIRST_MONTH else calendar_year - 1
        return cls(year, (month - FIRST_MONTH) % 12 // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.of(_today())

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read the key form "2026-Q3" (also "2026Q3", "2026 q3"). Raises ValueError otherwise."""
        match = _QUARTER_KEY.match(str(text or ""))
        if not match:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2026-Q3)")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def financial_year(self) -> Year:
        return Year(self.year)

    @property
    def start(self) -> dt.date:
        month = (FIRST_MONTH - 1 + 3 * (self.number - 1)) % 12 + 1
        calendar_year = self.year if month >= FIRST_MONTH else self.year + 1
        return dt.date(calendar_year, month, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter, inclusive."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.financial_year.label} Q{self.number}"

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def start_moment(self) -> dt.datetime:
        """Local midnight at the start of the quarter (aware): for `>=` filters on datetimes."""
        return _local_midnight(self.start)

    def end_moment(self) -> dt.datetime:
        """Local midnight at the start of the next quarter (aware): for `<` filters on datetimes."""
        return _local_midnight(self.next().start)

    def previous(self) -> Quarter:
        return self.shifted(-1)

    def next(self) -> Quarter:
        return self.shifted(1)

    def year_before(self) -> Quarter:
        """The same quarter of the previous financial year (for "compared with a year ago")."""
        return Quarter(self.year - 1, self.number)

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def range_to(self, last: Quarter) -> Iterator[Quarter]:
        """This quarter and each one after it up to `last`, inclusive (nothing if `last` is
        earlier)."""
        quarter = self
        while quarter <= last:
            yield quarter
            quarter = quarter.next()

    def last(self, n: int) -> list[Quarter]:
        """The `n` quarters ending with this one, oldest first."""
        return [self.shifted(-i) for i in range(n - 1, -1, -1)]

    def __contains__(self, value: dt.date | dt.datetime) -> bool:
        return Quarter.of(value) == self

    def __str__(self) -> str:
        return self.key


def _local_midnight(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
