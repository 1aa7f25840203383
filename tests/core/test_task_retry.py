"""Every task's base (core.tasks.BaseTask): a held SQLite lock puts the task back on the queue
with backoff instead of failing it; any other error fails it as before. As a worker runs it:
a request that is not eager, with the re-enqueue captured instead of sent to a broker."""

from unittest import mock

import pytest
from celery import shared_task
from celery.canvas import Signature
from celery.exceptions import Retry
from django.db import OperationalError
from django.utils import timezone

from core.models import PendingTask
from core.tasks import LOCK_MAX_RETRIES, BaseTask, run_pending_task
from sending.tasks import send_batch

attempts: list[str] = []


@shared_task(name="tests.core.locked_once", ignore_result=True)
def locked_once(error: str) -> str:
    attempts.append(error)
    raise OperationalError(error)


def run_as_worker(task, *args, retries=0):
    """Call `task` as a worker would (not eagerly); returns the signatures it re-enqueued."""
    queued = []
    task.push_request(args=args, kwargs={}, retries=retries, is_eager=False, called_directly=False)
    try:
        with mock.patch.object(Signature, "apply_async", lambda sig: queued.append(sig)):
            task(*args)
    finally:
        task.pop_request()
    return queued


def test_every_task_and_the_sending_tasks_share_the_base():
    assert isinstance(locked_once, BaseTask)
    assert isinstance(run_pending_task, BaseTask)
    assert isinstance(send_batch, BaseTask)


def test_a_task_that_meets_a_held_lock_is_queued_again_after_a_backoff():
    with pytest.raises(Retry) as retry:
        run_as_worker(locked_once, "database is locked")

    assert 0.5 <= retry.value.when <= 1.0  # 1 s, jittered down to half
    assert retry.value.sig.args == ("database is locked",)  # the same work, run again


def test_the_backoff_doubles_and_stops_at_thirty_seconds():
    with pytest.raises(Retry) as fourth:
        run_as_worker(locked_once, "database is locked", retries=3)
    with pytest.raises(Retry) as late:
        run_as_worker(locked_once, "database is locked", retries=8)

    assert 4.0 <= fourth.value.when <= 8.0
    assert 15.0 <= late.value.when <= 30.0


def test_after_the_last_retry_the_lock_fails_the_task():
    with pytest.raises(OperationalError, match="database is locked"):
        run_as_worker(locked_once, "database is locked", retries=LOCK_MAX_RETRIES)


def test_another_database_error_is_not_retried():
    with pytest.raises(OperationalError, match="no such table"):
        run_as_worker(locked_once, "no such table: alerts_report")


def test_run_eagerly_the_lock_reaches_the_caller():
    with pytest.raises(OperationalError, match="database is locked"):
        locked_once.apply(args=("database is locked",)).get()


@pytest.mark.django_db
def test_a_promised_task_that_meets_the_lock_is_retried_at_once_not_counted_as_failed():
    row = PendingTask.objects.create(
        task="tests.core.locked_once", args=["database is locked"], next_attempt_at=timezone.now()
    )

    with pytest.raises(Retry):
        run_as_worker(run_pending_task, row.pk)

    row.refresh_from_db()
    assert row.attempts == 0 and row.last_error == ""


@pytest.mark.django_db
def test_a_promised_task_that_fails_otherwise_is_counted_and_left_for_the_sweep():
    row = PendingTask.objects.create(
        task="tests.core.locked_once", args=["no such column: x"], next_attempt_at=timezone.now()
    )

    assert run_as_worker(run_pending_task, row.pk) == []

    row.refresh_from_db()
    assert row.attempts == 1 and "no such column" in row.last_error
