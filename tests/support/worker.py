"""A real `celery worker` process against Redis and the test database (PostgreSQL)."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.services import postgres_in_use, redis_available, redis_url, require

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """Start, stop and kill Celery workers that see the same database as the test."""

    def __init__(self, env):
        self.env = env
        self.procs: list[subprocess.Popen] = []

    def start(self, name="w1", concurrency=1, extra_args=(), env=None):
        """Start a worker; `env` adds environment variables (e.g. TEST_EMAIL_BACKEND)."""
        log = open(ROOT / "var" / f"test-worker-{name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "--loglevel",
                "INFO",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--hostname",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                *extra_args,
            ],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc, sig=signal.SIGKILL):
        """Kill the worker and its pool children at once, as the OOM killer or a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)
        self.procs.clear()


def wait_for(predicate, timeout=30.0, interval=0.1, message="condition"):
    """Poll `predicate` until true; fail the test with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {message}")


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Yield a WorkerProcess factory; the test's Celery client sends through the real broker.

    Requires PostgreSQL (the worker must see the test's committed rows) and Redis.
    """
    require(postgres_in_use(), "needs DATABASE_URL pointing at PostgreSQL")
    require(redis_available(), "needs REDIS_URL pointing at a running Redis")
    from django.db import connection

    from cms.celery import app

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url(),
        "CELERY_WORKER_FOR_TESTS": "1",
    }
    (ROOT / "var").mkdir(exist_ok=True)
    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url()
    app.control.purge()
    workers = WorkerProcess(env)
    try:
        yield workers
    finally:
        workers.stop_all()
        app.control.purge()
        app.conf.task_always_eager, app.conf.broker_url = old
