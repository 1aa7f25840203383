"""Redis down during a submission, then back: a real Celery worker delivers the notification
when beat's retry task runs (the shared Redis server is never stopped: the broker is pointed at
a closed port for the submission only)."""

import pytest

from alerts.models import Outbox, Report
from tests.support.worker import wait_for

from .helpers import form_data, receipt_from


@pytest.mark.worker
def test_a_submission_during_a_redis_outage_is_kept_and_notified_once_redis_is_back(
    celery_worker_process, client, police_officer
):
    from cms.celery import app

    working_broker = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.post("/report/new/", form_data())
    finally:
        app.conf.broker_url = working_broker

    assert response.status_code == 200
    receipt_from(response.content.decode())
    report = Report.objects.get()
    row = Outbox.objects.get(report=report)
    assert row.status == "pending"

    celery_worker_process.start("alerts-w1")
    from alerts.tasks import retry_outbox

    retry_outbox.delay()  # what beat does every minute

    wait_for(
        lambda: Outbox.objects.get(pk=row.pk).status == "delivered",
        timeout=60,
        message="the worker to deliver the notification",
    )
    assert Outbox.objects.get(pk=row.pk).attempts == 1
