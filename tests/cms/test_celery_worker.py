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


def test_without_redis_tasks_run_in_process(db, settings):
    # The zero-set-up default (no REDIS_URL): .delay() runs the task at once, in this process.
    record_worker_heartbeat.delay("eager-token")

    assert WorkerHeartbeat.objects.filter(token="eager-token").exists()
