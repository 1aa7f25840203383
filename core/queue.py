"""The one way to hand work to Celery after the surrounding transaction commits.

A committed action must stand even when the broker (Redis) is down or frozen, and the work it
promised must still happen, once:

- `enqueue_on_commit(task, *ids)` for work whose rows already say what is owed and have their own
  beat sweep (a queued Delivery: `newsletters.recover_sends`; an alerts Outbox row:
  `alerts.retry_outbox`).
- `promise_on_commit(task, *ids)` for work nothing else records (a booking confirmation, an
  offer): a `PendingTask` row is written in the caller's transaction; `core.run_pending_task`
  runs the task and deletes the row in one transaction (so it happens once), and beat's
  `core.sweep` enqueues rows whose hand-over failed.

Enqueueing never raises a broker error into the caller and never makes it wait: one short
connection attempt (`retry=False`, the broker's socket timeouts in settings), then a log line;
after a failure this process skips the broker for `BROKER_RETRY_SECONDS`.
"""

import logging
import time
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Everything a broker outage can raise from `apply_async`: kombu wraps most of them, but a refused
# or reset socket can surface as redis' own error (timeouts included) or a bare OSError.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)

# A promised task handed over on commit is run by its worker; the sweep waits this long first.
HAND_OVER_GRACE = timedelta(minutes=2)

_broker_down_until = 0.0


def broker_available() -> bool:
    return time.monotonic() >= _broker_down_until


def reset_broker_state() -> None:
    """Forget a recorded outage (tests)."""
    global _broker_down_until
    _broker_down_until = 0.0


def enqueue_now(task, *args, **kwargs) -> bool:
    """Send `task` to the broker at once. Returns False (and logs) when the broker is unreachable;
    the caller's rows stay in the database for the beat sweep that owns them."""
    return enqueue_many_now(task, [args], kwargs or None)


def enqueue_many_now(task, arg_lists, kwargs=None) -> bool:
    """Send `task(*args)` for each of `arg_lists` over one connection; False (and logged) if the
    broker is unreachable (some may have been sent: every task here is safe to run twice)."""
    global _broker_down_until
    eager = task.app.conf.task_always_eager
    if not broker_available() and not eager:
        return False
    try:
        if eager:
            for args in arg_lists:
                task.apply_async(args=tuple(args), kwargs=kwargs)
        else:
            # A connection of its own (one short attempt), not the shared producer pool, whose
            # connection may be half-dead after an outage.
            with task.app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.1)
                for args in arg_lists:
                    task.apply_async(args=tuple(args), kwargs=kwargs, connection=conn, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("broker unreachable, %s left for the sweep: %s", task.name, exc)
        _broker_down_until = time.monotonic() + float(settings.BROKER_RETRY_SECONDS)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits (at once outside one).
    Pass primary keys, never model instances."""
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))


def enqueue_many_on_commit(task, arg_lists) -> None:
    """`enqueue_on_commit` for many calls of one task (e.g. a send's batches), one connection."""
    arg_lists = [tuple(args) for args in arg_lists]
    if arg_lists:
        transaction.on_commit(lambda: enqueue_many_now(task, arg_lists))


def promise_on_commit(task, *args, **kwargs) -> None:
    """Promise `task(*args, **kwargs)` in the current transaction: it runs exactly once after
    commit, now or (broker down) when beat's `core.sweep` finds it. JSON-able arguments only."""
    from .models import PendingTask

    row = PendingTask.objects.create(
        task=task.name,
        args=list(args),
        kwargs=kwargs,
        next_attempt_at=timezone.now() + HAND_OVER_GRACE,
    )
    transaction.on_commit(lambda: hand_over(row.pk))


def hand_over(pending_id: int) -> bool:
    """Enqueue the runner of one PendingTask; if the broker is away make it due for the sweep."""
    from .models import PendingTask
    from .tasks import run_pending_task

    if enqueue_now(run_pending_task, pending_id):
        return True
    PendingTask.objects.filter(pk=pending_id).update(next_attempt_at=timezone.now())
    return False
