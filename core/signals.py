"""Heartbeats recorded by the processes themselves: beat's when it starts and each time it sends
the `core.heartbeat` task (so /healthz can tell "beat stopped" from "no worker takes the work"),
and a worker's as soon as it is ready (so a fresh `make run` shows no warning for its first minute).
"""

import logging

from celery.signals import beat_init, before_task_publish, worker_ready
from django.db import DatabaseError

from .health import record_heartbeat
from .models import Heartbeat

logger = logging.getLogger(__name__)
HEARTBEAT_TASK = "core.heartbeat"


def _record(name: str) -> None:
    try:
        record_heartbeat(name)
    except DatabaseError as exc:
        # Beat must keep scheduling (and a worker start) while the database is away; the next
        # heartbeat records it.
        logger.warning("could not record the %s heartbeat: %s", name, exc)


@beat_init.connect
def beat_started(sender=None, **kwargs):
    _record(Heartbeat.BEAT)


@worker_ready.connect
def worker_started(sender=None, **kwargs):
    _record(Heartbeat.WORKER)


@before_task_publish.connect
def beat_sends_heartbeat(sender=None, **kwargs):
    # Only beat publishes core.heartbeat (its schedule entry); web processes never send it.
    if sender == HEARTBEAT_TASK:
        _record(Heartbeat.BEAT)
