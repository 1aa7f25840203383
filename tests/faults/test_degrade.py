"""With the cache unreachable, limits and lock-outs count in the database: reports are taken,
the receipt lock-out still holds, and a flood is still refused."""

import time

import pytest
from django.core.cache import cache

from alerts.models import Report
from core.models import RateLimitCounter
from tests.alerts.helpers import form_data, make_report
from tests.support.services import free_port

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def cache_down(settings):
    """The app's cache is the fail-soft Redis cache, at a port nobody listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    settings.HUB_PAGE_CACHE_SECONDS = 600


def test_a_cache_outage_is_a_miss_and_costs_one_attempt_per_few_seconds(cache_down):
    started = time.monotonic()
    assert cache.get("anything", "default") == "default"
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    for _ in range(50):
        cache.get("anything")
    assert time.monotonic() - started < 1.0


def test_with_the_cache_down_a_report_is_taken_and_the_page_answers(client, cache_down):
    response = client.post("/report/new/", form_data())

    assert response.status_code == 200
    assert Report.objects.count() == 1
    assert client.get("/report/").status_code == 200
    # The per-IP limit was counted in the database instead.
    assert RateLimitCounter.objects.filter(key__startswith="alerts:submit:rate").get().count == 1


def test_with_the_cache_down_the_submission_limit_still_refuses_a_flood(
    client, cache_down, settings
):
    settings.ALERTS_SUBMISSIONS_PER_HOUR = 2
    answers = [client.post("/report/new/", form_data()).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert Report.objects.count() == 2


def test_with_the_cache_down_wrong_receipts_still_lock_the_connection_out(
    client, cache_down, settings
):
    settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT = 3
    report, receipt = make_report()
    for code in ("AAAA-BBBB-CCCC-DDDD", "AAAA-BBBB-CCCC-DDDE"):
        assert client.post("/report/return/", {"receipt": code}).status_code == 400
    third = client.post("/report/return/", {"receipt": "AAAA-BBBB-CCCC-DDDF"})

    assert third.status_code == 429
    locked = client.post("/report/return/", {"receipt": receipt})
    assert locked.status_code == 429  # fail closed: the right code waits out the lock-out too
    assert report.pk not in client.session.get("alerts_reports", [])


def test_failures_counted_during_an_outage_still_lock_out_once_the_cache_is_back(
    client, cache_down, settings
):
    settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT = 2
    _report, receipt = make_report()
    for code in ("AAAA-BBBB-CCCC-DDDD", "AAAA-BBBB-CCCC-DDDE"):
        client.post("/report/return/", {"receipt": code})

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert client.post("/report/return/", {"receipt": receipt}).status_code == 429
