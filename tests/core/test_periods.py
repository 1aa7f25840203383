import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.periods import Quarter, Year

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def test_the_financial_year_starts_in_april():
    assert Quarter.of(dt.date(2026, 4, 1)) == Quarter(2026, 1)
    assert Quarter.of(dt.date(2026, 6, 30)) == Quarter(2026, 1)
    assert Quarter.of(dt.date(2026, 7, 1)) == Quarter(2026, 2)
    assert Quarter.of(dt.date(2026, 12, 31)) == Quarter(2026, 3)
    assert Quarter.of(dt.date(2027, 1, 1)) == Quarter(2026, 4)
    assert Quarter.of(dt.date(2027, 3, 31)) == Quarter(2026, 4)


def test_a_moment_counts_on_its_london_date_around_31_march():
    # 23:30 on 31 March 2027 in London is 22:30 UTC: still Q4 of 2026–27.
    late_march = dt.datetime(2027, 3, 31, 22, 30, tzinfo=UTC)
    assert Quarter.of(late_march) == Quarter(2026, 4)
    # 00:30 on 1 April 2027 in London (BST) is 23:30 UTC on 31 March: already Q1 of 2027–28.
    early_april = dt.datetime(2027, 3, 31, 23, 30, tzinfo=UTC)
    assert Quarter.of(early_april) == Quarter(2027, 1)
    assert Year.of(early_april) == Year(2027)
    assert Quarter.of(dt.datetime(2027, 4, 1, 0, 30, tzinfo=LONDON)) == Quarter(2027, 1)


def test_a_quarter_knows_its_first_and_last_day_and_label():
    q = Quarter(2026, 3)
    assert (q.start, q.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert q.label == "2026–27 Q3"
    q4 = Quarter(2026, 4)
    assert (q4.start, q4.end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert Quarter(2027, 4).end == dt.date(2028, 3, 31)
    assert Quarter(1999, 4).label == "1999–00 Q4"


def test_previous_next_and_the_same_quarter_a_year_before():
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 3).year_before() == Quarter(2025, 3)
    assert Quarter(2026, 2).shifted(-6) == Quarter(2024, 4)
    assert Quarter(2026, 2).last(3) == [Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2)]
    assert list(Quarter(2025, 4).range_to(Quarter(2026, 2))) == [
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 2),
    ]
    assert list(Quarter(2026, 2).range_to(Quarter(2026, 1))) == []


def test_a_quarter_key_reads_back():
    assert Quarter.parse("2026-Q3") == Quarter(2026, 3)
    assert Quarter.parse("2026q3") == Quarter(2026, 3)
    assert str(Quarter(2026, 3)) == "2026-Q3"
    assert Quarter.parse(str(Quarter(2031, 1))) == Quarter(2031, 1)


@pytest.mark.parametrize("bad", ["", "2026", "2026-Q5", "Q3-2026", "26-Q1", None])
def test_a_malformed_quarter_key_is_refused(bad):
    with pytest.raises(ValueError):
        Quarter.parse(bad)


def test_a_quarter_cannot_be_numbered_outside_one_to_four():
    with pytest.raises(ValueError):
        Quarter(2026, 0)


def test_quarters_order_as_time_does():
    assert Quarter(2025, 4) < Quarter(2026, 1) < Quarter(2026, 2)
    assert max([Quarter(2026, 1), Quarter(2025, 4)]) == Quarter(2026, 1)
    assert dt.date(2026, 8, 1) in Quarter(2026, 2)
    assert dt.date(2026, 10, 1) not in Quarter(2026, 2)


def test_months_fold_into_quarters():
    assert Quarter.of_month(2027, 3) == Quarter(2026, 4)
    assert Quarter.of_month(2026, 4) == Quarter(2026, 1)
    assert Quarter.of_month(2026, 9) == Quarter(2026, 2)


def test_a_financial_year_has_its_dates_label_and_quarters():
    year = Year(2026)
    assert (year.start, year.end) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert year.label == "2026–27"
    assert year.quarters() == [Quarter(2026, n) for n in (1, 2, 3, 4)]
    assert Quarter(2026, 4).financial_year == year
    assert year.previous() == Year(2025) and year.next() == Year(2027)
    assert dt.date(2027, 2, 1) in year


def test_a_financial_year_reads_back_from_its_spellings():
    assert Year.parse("2026") == Year(2026)
    assert Year.parse("2026-27") == Year(2026)
    assert Year.parse("2026–27") == Year(2026)
    assert Year.parse("2026/2027") == Year(2026)
    for bad in ("2026-28", "twenty", "2026/2028"):
        with pytest.raises(ValueError):
            Year.parse(bad)


def test_the_current_quarter_uses_the_local_date(settings, monkeypatch):
    from django.utils import timezone

    # 00:30 BST on 1 July is 23:30 UTC on 30 June.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert Quarter.current() == Quarter(2026, 2)
    assert Quarter(2026, 2).start_moment() == dt.datetime(2026, 7, 1, tzinfo=LONDON)
    assert Quarter(2026, 3).end_moment() == dt.datetime(2027, 1, 1, tzinfo=LONDON)
