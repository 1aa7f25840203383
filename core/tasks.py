"""Celery tasks of `core`: the worker heartbeat, run a promised task once, and beat's sweep."""

import logging
from datetime import timedelta

from celery import current_app, shared_task
from django.db import transaction
from django.utils import timezone

from .health import record_heartbeat
from .models import Heartbeat

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500


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
    record_heartbeat(Heartbeat.WORKER)
