"""/healthz: the database, Redis and the background processes' heartbeats, for monitoring."""

import socket
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from core.models import Heartbeat
from core.tasks import heartbeat
from tests.support.services import redis_available, redis_url, require


def beats(*, worker_age=timedelta(seconds=20), beat_age=timedelta(seconds=20)):
    now = timezone.now()
    for name, age in (("worker", worker_age), ("beat", beat_age)):
        if age is not None:
            Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now - age})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fresh_heartbeats_and_a_working_database_answer_200_and_are_never_cached(
    client, db, settings
):
    settings.REDIS_URL = ""
    beats()

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["redis"] == "not configured"
    assert body["worker"]["state"] == "ok" and body["beat"]["state"] == "ok"
    assert body["worker"]["last_seen"] and body["stale_after_seconds"] == 300
    assert "no-store" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_a_stale_worker_heartbeat_answers_503_and_says_which(client, db, settings):
    settings.REDIS_URL = ""
    beats(worker_age=timedelta(minutes=6))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["worker"]["state"] == "stale" and body["beat"]["state"] == "ok"


def test_a_stale_beat_answers_503(client, db, settings):
    settings.REDIS_URL = ""
    beats(beat_age=timedelta(minutes=6))

    body = client.get("/healthz").json()

    assert body["status"] == "failing" and body["beat"]["state"] == "stale"


def test_before_any_worker_or_beat_has_run_it_answers_503_never_seen(client, db, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"] == {"state": "never seen", "last_seen": None}
    assert response.json()["beat"] == {"state": "never seen", "last_seen": None}


def test_a_worker_running_the_heartbeat_task_makes_it_fresh(client, db, settings):
    settings.REDIS_URL = ""
    beats(worker_age=timedelta(hours=1))

    heartbeat.delay()  # eager in tests, as a worker would run it

    assert client.get("/healthz").json()["worker"]["state"] == "ok"


def test_redis_down_is_reported_without_its_address_and_does_not_fail_the_check(
    client, db, settings
):
    settings.REDIS_URL = f"redis://:s3cret-password@127.0.0.1:{closed_port()}/0"
    beats()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["redis"] == "down"
    assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


def test_it_answers_even_when_the_page_cache_cannot_reach_redis(client, db, settings):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = down
    settings.HUB_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down}
    }
    beats()

    response = client.get("/healthz")

    assert response.status_code == 200 and response.json()["redis"] == "down"


def test_redis_up_is_ok(client, db, settings):
    require(redis_available(), "needs REDIS_URL pointing at a running Redis")
    settings.REDIS_URL = redis_url()
    beats()

    assert client.get("/healthz").json()["redis"] == "ok"


class DeadDatabase:
    def cursor(self):
        raise OperationalError("connection to server at 10.0.0.5 refused (password=hunter2)")


def test_the_database_down_answers_503_and_gives_no_error_details(
    client, db, settings, monkeypatch
):
    settings.REDIS_URL = ""
    beats()
    monkeypatch.setattr("core.health.connection", DeadDatabase())

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "down" and body["status"] == "failing"
    assert body["worker"]["state"] == "unknown"
    assert b"10.0.0.5" not in response.content and b"hunter2" not in response.content


@pytest.mark.parametrize("method", ["post", "put"])
def test_only_get_is_answered(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
