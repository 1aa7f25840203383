"""The fault suite's services: a private Redis it may stop and freeze, the app served by
gunicorn against it and the test database, an SMTP sink, and a way to run the recovery."""

import os
import re
import time
from pathlib import Path

import pytest
import requests

from tests.support.gunicorn import Gunicorn
from tests.support.redis_server import RedisServer
from tests.support.sending import SmtpSink, smtp_worker_env
from tests.support.services import postgres_in_use, require
from tests.support.worker import WorkerProcess

ROOT = Path(__file__).resolve().parents[2]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _database_url(settings_dict) -> str:
    return (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )


class LiveApp(Gunicorn):
    """gunicorn serving the app with its cache, page cache, rate limits and broker in `redis`."""

    def __init__(self, redis: RedisServer, env: dict):
        super().__init__(
            env,
            ROOT / "var" / "test-faults-gunicorn.log",
            args=["--timeout", "60"],
            ready_path="/report/",
        )
        self.redis = redis


class Browser:
    """A cookie-keeping HTTP client that fills in the CSRF token and times every request."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.timings: list[tuple[str, float, int]] = []

    def _timed(self, method, path, **kwargs):
        started = time.monotonic()
        response = self.http.request(method, self.base + path, timeout=30, **kwargs)
        self.timings.append((f"{method} {path}", time.monotonic() - started, response.status_code))
        return response

    def get(self, path, **kwargs):
        return self._timed("GET", path, **kwargs)

    def post_form(self, path, data, form_path=None):
        """GET the form (for its CSRF token), then POST `data` to `path`."""
        page = self.get(form_path or path)
        assert page.status_code == 200, (form_path or path, page.status_code)
        token = CSRF_RE.search(page.text).group(1)
        return self._timed("POST", path, data={"csrfmiddlewaretoken": token, **data})

    def slowest(self) -> float:
        return max(t for _, t, _ in self.timings)


@pytest.fixture(scope="module")
def services(django_db_setup, django_db_blocker):
    """A private Redis, an SMTP sink, and the environment of the app's processes."""
    with django_db_blocker.unblock():
        from django.db import connection

        require(postgres_in_use(), "needs DATABASE_URL pointing at PostgreSQL")
        database_url = _database_url(connection.settings_dict)
    redis = RedisServer().start()
    sink = SmtpSink().start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "TEST_REDIS_CACHE": "1",
        "CELERY_WORKER_FOR_TESTS": "1",
        **smtp_worker_env(sink),
    }
    try:
        yield redis, sink, env
    finally:
        sink.stop()
        redis.stop()


@pytest.fixture
def fault_env(services):
    """gunicorn against the private Redis, one per test: a test database flushed between tests
    gets new content-type ids, which a long-lived process would have cached."""
    redis, sink, env = services
    sink.received.clear()
    sink.messages.clear()
    app = LiveApp(redis, env).start()
    try:
        yield app, sink
    finally:
        app.stop()


@pytest.fixture
def recovery(fault_env, settings):
    """What happens once Redis is back: a real worker, and the sweeps beat runs every minute
    (called here, so the test need not wait a minute for beat's schedule)."""
    from cms.celery import app as celery_app

    live, sink = fault_env
    old = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    workers = WorkerProcess(live.env)

    class Recovery:
        def start_worker(self):
            return workers.start(name="faults", concurrency=2)

        def sweep(self):
            from alerts.actions.notify import retry_due_notifications
            from core.tasks import sweep
            from sending.engine.recovery import recover_sends

            # Each with beat's own parameters: whatever could not be enqueued is due at once.
            recover_sends()
            retry_due_notifications()
            sweep()

    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = live.redis.url
    try:
        yield Recovery()
    finally:
        workers.stop_all()
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = old
