import uuid

import pytest

from cms.models import WorkerHeartbeat
from cms.tasks import record_worker_heartbeat
from tests.support.worker import wait_for


@pytest.mark.worker
def test_a_task_goes_through_redis_to_a_real_worker_and_lands_in_postgres(celery_worker_process):
    celery_worker_process.start("w1")
    token = uuid.uuid4().hex

    record_worker_heartbeat.delay(token)

    wait_for(
        lambda: WorkerHeartbeat.objects.filter(token=token).exists(),
        timeout=60,
        message="the worker to record the heartbeat",
    )
    beat = WorkerHeartbeat.objects.get(token=token)
    assert beat.worker.startswith("w1@")


def test_unit_tests_run_tasks_in_process(db, settings):
    # The test settings run .delay() at once, in this process (make run's dev settings send it to
    # the worker instead, with or without Redis: tests/core/test_dev_settings.py).
    record_worker_heartbeat.delay("eager-token")

    assert WorkerHeartbeat.objects.filter(token="eager-token").exists()
