"""The shared messages-per-second limit (Redis token bucket)."""

import uuid

import pytest

from sending.engine import ratelimit
from tests.support.services import redis_available, require


@pytest.fixture
def shared_redis(settings):
    require(redis_available(), "needs REDIS_URL pointing at a running Redis")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in a real worker
    return f"test-{uuid.uuid4().hex}"


def test_a_bucket_grants_one_seconds_worth_then_says_how_long_to_wait(shared_redis):
    assert ratelimit.acquire(shared_redis, 8, rate=5) == (5, 0.0)

    granted, wait = ratelimit.acquire(shared_redis, 8, rate=5)
    assert granted == 0 and 0 < wait <= 0.2


def test_workers_share_one_bucket_per_backend(shared_redis):
    # Two workers asking at once draw from the same tokens.
    first, _ = ratelimit.acquire(shared_redis, 3, rate=4)
    second, _ = ratelimit.acquire(shared_redis, 3, rate=4)
    assert first + second == 4


def test_no_limit_is_set_by_zero(shared_redis, settings):
    settings.SEND_RATE_LIMIT_PER_SECOND = 0
    assert ratelimit.acquire(shared_redis, 10_000) == (10_000, 0.0)


def test_without_redis_the_limit_is_counted_in_the_local_cache(settings, monkeypatch):
    # make run's zero-set-up mode: a real worker, no Redis, the cache shared on one machine.
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    bucket = f"test-{uuid.uuid4().hex}"
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_000.75)

    first, _ = ratelimit.acquire(bucket, 3, rate=4)
    second, _ = ratelimit.acquire(bucket, 3, rate=4)
    third, wait = ratelimit.acquire(bucket, 3, rate=4)

    assert (first, second, third) == (3, 1, 0)
    assert wait == pytest.approx(0.25)
