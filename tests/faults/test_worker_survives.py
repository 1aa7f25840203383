"""A worker survives Redis restarting while it holds unacknowledged messages, again and again,
and then still runs new tasks (kombu's Redis transport used to crash
with AttributeError("'NoneType' object has no attribute 'hostname'") restoring them; see
core/broker.py)."""

import os
import time
from pathlib import Path

import pytest

from tests.support.redis_server import RedisServer
from tests.support.worker import ROOT, WorkerProcess, wait_for

pytestmark = pytest.mark.faults

RESTARTS = 3
DOWNTIME = (0.0, 2.0, 4.0)  # seconds Redis stays down in each round


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_a_worker_holding_unacked_messages_survives_redis_restarts_and_keeps_working(
    tmp_path, settings
):
    from cms.celery import app

    redis = RedisServer().start()
    log = tmp_path / "marks.log"
    worker_log = ROOT / "var" / "test-worker-survivor.log"
    worker_log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "REDIS_URL": redis.url,
        "CELERY_WORKER_FOR_TESTS": "1",
    }
    workers = WorkerProcess(env)
    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, redis.url
    try:
        worker = workers.start(
            name="survivor", concurrency=2, extra_args=["--include", "tests.faults.tasks"]
        )

        def send(token, seconds=0.0):
            with app.connection_for_write() as conn:
                app.send_task("tests.faults.mark", args=[str(log), token, seconds], connection=conn)

        send("ready")
        wait_for(lambda: "done ready" in lines(log), timeout=60, message="the worker to start")

        for round_ in range(RESTARTS):
            for n in range(4):  # two running (unacked), two waiting in the prefetch/queue
                send(f"slow-{round_}-{n}", seconds=2.0)
            wait_for(
                lambda r=round_: f"started slow-{r}-0" in lines(log),
                timeout=30,
                message=f"round {round_}: the worker to hold a task",
            )
            # Killed, not shut down (what it held in memory is gone); down for a moment, then
            # for longer than the worker's first reconnect attempt.
            redis.stop()
            time.sleep(DOWNTIME[round_ % len(DOWNTIME)])
            redis.start()
            assert worker.poll() is None, f"the worker exited after restart {round_ + 1}"
            send(f"after-{round_}")
            wait_for(
                lambda r=round_: f"done after-{r}" in lines(log),
                timeout=60,
                message=f"a new task to run after restart {round_ + 1}",
            )

        assert worker.poll() is None
        assert "Unrecoverable error" not in worker_log.read_text()
        for n in range(5):
            send(f"final-{n}")
        wait_for(
            lambda: all(f"done final-{n}" in lines(log) for n in range(5)),
            timeout=60,
            message="new tasks after every restart",
        )
    finally:
        workers.stop_all()
        app.conf.task_always_eager, app.conf.broker_url = old
        redis.stop()


def test_a_channel_of_a_closed_connection_reports_a_lost_broker_not_an_attribute_error():
    """The root cause, deterministically: kombu's Connection._close() drops the transport's
    client before a channel restores its unacked messages or asks for a Redis client."""
    from kombu import Connection
    from redis.exceptions import ConnectionError as RedisConnectionError

    server = RedisServer().start()
    try:
        for transport, expected in (
            ("kombu.transport.redis:Transport", AttributeError),  # kombu as shipped
            ("core.broker:Transport", RedisConnectionError),
        ):
            conn = Connection(server.url, transport=transport)
            channel = conn.channel()
            channel.qos._delivered["tag"] = object()  # a message the worker holds
            channel._pool = None
            conn.transport.client = None  # what Connection._close() does first
            with pytest.raises(expected, match="hostname|closed"):
                channel._connparams()
            if expected is AttributeError:
                with pytest.raises(AttributeError, match="hostname"):
                    channel.qos.restore_unacked()
                channel.qos._delivered.clear()  # else its finaliser crashes the same way at exit
            else:
                channel.qos.restore_unacked()  # leaves it in Redis' unacked hash, no crash
                assert not channel.qos._delivered
    finally:
        server.stop()
