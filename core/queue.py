"""The one way to hand work to Celery after the surrounding transaction commits.

A committed action must stand even when the broker (Redis) is down or frozen: the work it promised
is already in the database (a queued Delivery, an Outbox row, ...), and beat's sweeps enqueue it
again once the broker is back. So enqueueing never raises a broker error into the caller and never
makes it wait: one short connection attempt, then a log line.
"""

import logging

import kombu.exceptions
import redis.exceptions
from django.db import transaction

logger = logging.getLogger(__name__)

# Everything a broker outage can raise from `apply_async`: kombu wraps most of them, but a refused
# or reset socket can surface as redis' own error or a bare OSError.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError, OSError)


def enqueue_now(task, *args, **kwargs) -> bool:
    """Send `task` to the broker at once. Returns False (and logs) when the broker is unreachable;
    the caller's rows stay in the database for the beat sweep that owns them."""
    try:
        task.apply_async(args=args, kwargs=kwargs or None, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("broker unreachable, %s left for the sweep: %s", task.name, exc)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits (at once outside one).
    Pass primary keys, never model instances."""
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
