from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import PendingTask
from core.tasks import run_pending_task
from tests.support.worker import wait_for


def _promise():
    """A promised heartbeat; it is run (and its row deleted) only by the task it is handed to."""
    return PendingTask.objects.create(
        task="core.heartbeat", next_attempt_at=timezone.now() + timedelta(hours=1)
    )


@pytest.mark.worker
def test_a_task_goes_through_redis_to_a_real_worker_and_lands_in_postgres(celery_worker_process):
    celery_worker_process.start("w1")
    row = _promise()

    run_pending_task.delay(row.pk)

    wait_for(
        lambda: not PendingTask.objects.filter(pk=row.pk).exists(),
        timeout=60,
        message="the worker to run the promised task",
    )


def test_unit_tests_run_tasks_in_process(db, settings):
    # The test settings run .delay() at once, in this process (make run's dev settings send it to
    # the worker instead, with or without Redis: tests/core/test_dev_settings.py).
    row = _promise()

    run_pending_task.delay(row.pk)

    assert not PendingTask.objects.filter(pk=row.pk).exists()
