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
    q.long_label                          # "2026–27 Q3 (October–December 2026)"
    q.previous(), q.year_before()         # 2026-Q2, 2025-Q3
    Quarter.parse("2026-Q3") == q         # True
    Year.of(date(2027, 2, 1)).label       # "2026–27"

Quarters and years order as time does, so `min`, `max`, `sorted` and `range_to` work on them.

`Period` is what a report covers: a quarter, a year, or (the coordinator's exact view only) a
custom range of days, with the periods each headline is compared with. The board's dashboard
and reports and the take-up report all use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

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

    @property
    def long_label(self) -> str:
        """The label with its months, for people outside finance: "2026–27 (April 2026 to
        March 2027)"."""
        return f"{self.label} (April {self.start_year} to March {self.start_year + 1})"

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
    def long_label(self) -> str:
        """The label with its months: "2026–27 Q3 (October–December 2026)"."""
        months = ("April–June", "July–September", "October–December", "January–March")
        return f"{self.label} ({months[self.number - 1]} {self.end.year})"

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


# --- The period a report covers --------------------------------------------------------------

_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–)\s*(\d{4}-\d{2}-\d{2})\s*$")
MAX_RANGE_DAYS = 3 * 366
STANDARD_KINDS = ("quarter", "year")


@dataclass(frozen=True)
class Period:
    """The dates a figure covers: a financial quarter, a financial year or (the coordinator's
    exact view only) a custom range of days. `kind` is "quarter", "year" or "range"; `start` and
    `end` are local dates, inclusive; `key` is what URLs, the command and report pages use
    ("2026-Q3", "2026", "2026-04-01..2026-09-30"); `query` the take-up report's query string
    ("quarter=2026-Q3", "year=2026").

    Every figure filters moments with `start_moment <= at < end_moment`: local (Europe/London)
    midnights, so 23:30 BST on 31 March is in the old year and 00:30 on 1 April in the new one.
    """

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
    def from_query(cls, params) -> Period:
        """`?quarter=2026-Q3` or `?year=2026` (the take-up report's form); anything else (or
        nothing): this financial year."""
        try:
            if params.get("quarter"):
                return cls.of_quarter(Quarter.parse(params["quarter"]))
            if params.get("year"):
                return cls.of_year(Year.parse(params["year"]))
        except ValueError:
            pass
        return cls.of_year(Year.current())

    @classmethod
    def current_quarter(cls) -> Period:
        return cls.of_quarter(Quarter.current())

    @classmethod
    def last_complete_quarter(cls) -> Period:
        return cls.of_quarter(Quarter.current().previous())

    @property
    def is_standard(self) -> bool:
        """A financial quarter or year: the only periods whose figures leave the coordinator's
        exact view."""
        return self.kind in STANDARD_KINDS

    @property
    def heading(self) -> str:
        """The label as a heading: "Financial year 2026–27", or the quarter's label."""
        if self.kind == "year":
            return f"Financial year {self.year.label}"
        return self.label

    @property
    def query(self) -> str:
        """The take-up report's query string for the period ("quarter=2026-Q3", "year=2026")."""
        return f"{self.kind}={self.key}"

    # Worked out once per period: a dashboard compares thousands of moments with them.
    @cached_property
    def start_moment(self) -> dt.datetime:
        return _local_midnight(self.start)

    @cached_property
    def end_moment(self) -> dt.datetime:
        """Local midnight after the last day: filter with `<`."""
        return _local_midnight(self.end + dt.timedelta(days=1))

    def has_ended(self, today: dt.date | None = None) -> bool:
        return self.end < (today or _today())

    @property
    def quarter(self) -> Quarter | None:
        return Quarter.parse(self.key) if self.kind == "quarter" else None

    @property
    def year(self) -> Year | None:
        return Year.parse(self.key) if self.kind == "year" else None

    @property
    def last_quarter(self) -> Quarter:
        return Quarter.of(self.end)

    @property
    def financial_year(self) -> Year:
        """The financial year the period ends in (a quarter's own year)."""
        return Year.of(self.end)

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


def refusal(period: Period, *, today: dt.date | None = None) -> str:
    """Why `period` is not shown under the disclosure rule ("" when it may be)."""
    if not period.is_standard:
        return (
            "A range of days is shown only in the coordinator's exact view: the board's figures "
            "cover a financial quarter or a financial year, so that no two periods differ by a few "
            "days."
        )
    if not period.has_ended(today):
        return (
            f"{period.label} has not ended: the board's figures cover quarters and years that "
            "have ended, so that figures are not shown day by day as they grow."
        )
    return ""
