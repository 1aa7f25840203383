"""Training currency: a completion is in date until the same day N years later."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from learning.currency import expires_on, in_date_q, is_in_date, today
from learning.levels import Level
from learning.models import Completion

YEARS = {1: 3, 2: 3, 3: 2}


def test_a_completion_expires_on_the_same_day_years_later_and_not_the_day_before():
    done = date(2023, 12, 7)
    assert expires_on(Level.WRAP, done, YEARS) == date(2026, 12, 7)
    assert is_in_date(Level.WRAP, done, date(2026, 12, 6), YEARS)
    assert not is_in_date(Level.WRAP, done, date(2026, 12, 7), YEARS)
    assert expires_on(Level.TRAIN_THE_TRAINER, done, YEARS) == date(2025, 12, 7)


def test_a_29_february_completion_expires_on_28_february():
    assert expires_on(Level.E_LEARNING, date(2024, 2, 29), YEARS) == date(2027, 2, 28)
    assert is_in_date(Level.E_LEARNING, date(2024, 2, 29), date(2027, 2, 27), YEARS)
    assert not is_in_date(Level.E_LEARNING, date(2024, 2, 29), date(2027, 2, 28), YEARS)


def test_today_is_the_partnerships_day_in_british_summer_time(settings):
    # 00:30 on 1 June in London is still 31 May in UTC.
    london = datetime(2026, 6, 1, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: london.astimezone(ZoneInfo("UTC")))
        assert today() == date(2026, 6, 1)


@pytest.mark.django_db
def test_the_sql_filter_agrees_with_the_rule_on_every_day_around_the_boundaries():
    days = [date(2024, 2, 27) + timedelta(days=i) for i in range(5)]
    days += [date(2023, 12, 5) + timedelta(days=i) for i in range(4)]
    for level in Level.values:
        Completion.objects.bulk_create(
            Completion(level=level, completed_on=d, source="import", person_key=f"r:{level}{d}")
            for d in days
        )
    for on in [
        date(2027, 2, 27),
        date(2027, 2, 28),
        date(2027, 3, 1),
        date(2026, 12, 7),
        date(2025, 12, 7),
        date(2025, 12, 6),
    ]:
        in_sql = set(
            Completion.objects.filter(in_date_q(on, YEARS)).values_list("level", "completed_on")
        )
        by_rule = {
            (c.level, c.completed_on)
            for c in Completion.objects.all()
            if c.completed_on <= on and is_in_date(c.level, c.completed_on, on, YEARS)
        }
        assert in_sql == by_rule, on
