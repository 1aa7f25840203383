"""Celery tasks of `core`: the base class of every task, the worker heartbeat, run a promised
task once, and beat's sweep.

This module is imported by the Celery app before Django's apps are ready (`BaseTask` is the app's
task class, cms/celery.py), so it imports models inside functions only.
"""

import logging
import random
from datetime import timedelta

from celery import Task, current_app, shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500

# A task that meets a held SQLite write lock (`make run`: web, worker and beat share one file) is
# run again after this backoff instead of failing: 1 s doubled each time up to 30 s, jittered,
# at most 10 times (about three minutes in all), then it fails as any other error would and the
# beat sweep that owns its rows takes over. PostgreSQL never raises this error.
LOCK_RETRY_BASE_SECONDS = 1.0
LOCK_RETRY_MAX_SECONDS = 30.0
LOCK_MAX_RETRIES = 10


def is_database_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (another connection holds the write lock for
    longer than the busy timeout), a transient error; False for every other error."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def lock_backoff_seconds(retries: int) -> float:
    """Exponential backoff with jitter: uniform in [ceiling / 2, ceiling], ceiling = min(cap,
    base * 2**retries), so copies of a task that met the same lock do not all come back at once."""
    ceiling = min(LOCK_RETRY_MAX_SECONDS, LOCK_RETRY_BASE_SECONDS * 2**retries)
    return random.uniform(ceiling / 2, ceiling)


class BaseTask(Task):
    """The one base class of every task (the app's `task_cls`; the sending tasks extend it). A
    held database lock is transient: the task is retried with backoff (`lock_backoff_seconds`)
    up to LOCK_MAX_RETRIES times. Every other error propagates as it is: domain errors are
    expected and not retried, and the sending tasks handle their provider's transient errors
    themselves. Tasks are idempotent, so running one again after a rolled-back attempt is safe.
    Run eagerly (tests, no broker) the error propagates to the caller."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except OperationalError as exc:
            retries = self.request.retries
            if not is_database_locked(exc) or self.request.is_eager or retries >= LOCK_MAX_RETRIES:
                raise
            countdown = lock_backoff_seconds(retries)
            logger.warning(
                "%s: database busy, retry %d in %.1fs", self.name, retries + 1, countdown
            )
            raise self.retry(exc=exc, countdown=countdown, max_retries=LOCK_MAX_RETRIES) from exc


@shared_task(name="core.run_pending_task", ignore_result=True)
def run_pending_task(pending_id: int) -> bool:
    """Run the task a PendingTask promised and delete the row, in one transaction: of two
    copies of this message (the commit's and the sweep's) only one finds the row."""
    from .models import PendingTask

    try:
        with transaction.atomic():
            row = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pending_id)
            row = row.first()
            if row is None:
                return False  # done already, or being run by another worker right now
            current_app.tasks[row.task].run(*row.args, **row.kwargs)
            row.delete()
    except Exception as exc:
        if is_database_locked(exc):
            raise  # BaseTask runs it again in seconds; the sweep would wait minutes
        attempts = PendingTask.objects.filter(pk=pending_id).values_list("attempts", flat=True)
        tries = (attempts.first() or 0) + 1
        PendingTask.objects.filter(pk=pending_id).update(
            attempts=tries,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + timedelta(minutes=2**tries),
        )
        logger.exception("promised task %s failed (attempt %s)", pending_id, tries)
        return False
    return True


def sweep(now=None) -> dict:
    """Hand over promised tasks that are due (their on-commit hand-over failed or was lost) and
    delete expired rate-limit counters."""
    from .models import PendingTask, RateLimitCounter
    from .queue import HAND_OVER_GRACE, enqueue_many_now

    now = now or timezone.now()
    due = list(
        PendingTask.objects.filter(next_attempt_at__lte=now, attempts__lt=PendingTask.GIVE_UP_AFTER)
        .order_by("id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    # Not due again until the worker had its chance; a copy enqueued twice runs once anyway.
    PendingTask.objects.filter(pk__in=due).update(next_attempt_at=now + HAND_OVER_GRACE)
    handed = len(due)
    if due and not enqueue_many_now(run_pending_task, [(pk,) for pk in due]):
        PendingTask.objects.filter(pk__in=due).update(next_attempt_at=now)
        handed = 0
    expired, _ = RateLimitCounter.objects.filter(expires_at__lte=now).delete()
    return {"handed_over": handed, "expired_counters": expired}


@shared_task(name="core.sweep", ignore_result=True)
def sweep_task() -> dict:
    """Beat: see `sweep`."""
    return sweep()


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that a worker is taking tasks off the queue. Beat sends this every minute (and
    records its own tick as it sends it: see core.signals)."""
    from .health import record_heartbeat
    from .models import Heartbeat

    record_heartbeat(Heartbeat.WORKER)
