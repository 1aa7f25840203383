"""Celery tasks of the sending engine. They carry ids, never model instances, and are idempotent:
running one twice never sends a `sent` row again (rows are only ever sent from `queued`)."""

import logging
import random

from celery import shared_task
from django.conf import settings

from core.tasks import BaseTask

from .engine.batches import give_up_range, note_waiting, send_range
from .engine.errors import TransientSendError
from .engine.recovery import recover_sends as _recover_sends
from .engine.recovery import start_due_sends as _start_due_sends

logger = logging.getLogger("partnerhub.sending")


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**retries)]."""
    ceiling = min(
        settings.SEND_RETRY_BACKOFF_MAX_SECONDS,
        settings.SEND_RETRY_BACKOFF_SECONDS * (2**retries),
    )
    return random.uniform(0, ceiling)


class SendingTask(BaseTask):
    """The one base class of sending tasks (a held database lock is BaseTask's to retry):
    `run_sending(work, *args)` retries a
    `TransientSendError` with exponential backoff and jitter up to SEND_MAX_RETRIES times, then
    calls `give_up(*args)`. Other errors are not retried (domain errors are expected; a bug
    leaves its rows `sending`, which recovery turns into `uncertain`)."""

    abstract = True

    def give_up(self, *args, attempts: int):
        """Called with the task's arguments when the retries are exhausted."""

    def waiting(self, *args, seconds: float):
        """Called with the task's arguments before it waits `seconds` for its next attempt."""

    def run_sending(self, work, *args):
        attempt = self.request.retries
        while True:
            try:
                return work(*args)
            except TransientSendError as exc:
                if attempt >= settings.SEND_MAX_RETRIES:
                    logger.warning("%s: giving up after %d attempts: %s", self.name, attempt, exc)
                    self.give_up(*args, attempts=attempt + 1)
                    return None
                if not self.request.is_eager:
                    countdown = backoff_seconds(attempt)
                    logger.info("%s: retry %d in %.1fs: %s", self.name, attempt + 1, countdown, exc)
                    self.waiting(*args, seconds=countdown)
                    raise self.retry(
                        exc=exc, countdown=countdown, max_retries=settings.SEND_MAX_RETRIES
                    ) from exc
                # In-process (no broker, the zero-set-up mode) there is nothing to wait with.
                attempt += 1


# The task names are the ones the tasks had in newsletters/: a task queued (or a beat schedule
# written) before the engine moved still finds them.


class SendBatchTask(SendingTask):
    def give_up(self, send_id, first_id, last_id, *, attempts):
        give_up_range(send_id, first_id, last_id, attempts=attempts)

    def waiting(self, send_id, first_id, last_id, *, seconds):
        note_waiting(send_id, seconds)


@shared_task(bind=True, base=SendBatchTask, name="newsletters.send_batch", ignore_result=True)
def send_batch(self, send_id: int, first_id: int, last_id: int):
    """Send the queued deliveries of `send_id` with ids in [first_id, last_id]."""
    result = self.run_sending(send_range, send_id, first_id, last_id)
    if result is not None and result.wait:
        # The shared rate limit or the daily limit is used up: come back when there is room
        # again. This is not a retry (nothing failed, nothing was claimed), so it does not count
        # against SEND_MAX_RETRIES. A daily-limit wait of hours is taken in steps shorter than
        # the broker's visibility timeout, after which Redis would hand the waiting task to a
        # second worker (a second chain); each step counts again.
        countdown = min(result.wait, settings.SEND_LONGEST_WAIT_SECONDS)
        note_waiting(send_id, countdown)
        if self.request.is_eager:
            # In-process there is no queue to wait in: beat's recovery enqueues the batch again
            # once the wait is over (note_waiting tells it when).
            return
        send_batch.apply_async((send_id, first_id, last_id), countdown=countdown)


@shared_task(name="newsletters.recover_sends", ignore_result=True)
def recover_sends():
    """Beat: stale claims become uncertain; stalled sends get their batches again."""
    return _recover_sends()


@shared_task(name="newsletters.start_due_sends", ignore_result=True)
def start_due_sends():
    """Beat: start scheduled sends whose time has come."""
    return _start_due_sends()


@shared_task(name="sending.lift_soft_bounce_pauses", ignore_result=True)
def lift_soft_bounce_pauses() -> int:
    """Beat: end the soft-bounce pauses older than SEND_SOFT_BOUNCE_PAUSE_DAYS."""
    from .webhooks import lift_soft_bounce_pauses as lift

    return lift()
