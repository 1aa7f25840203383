"""`make run` without Redis runs the whole product: beat starts a scheduled send when it is due
and the worker sends it, through the folder of message files; both leave heartbeats."""

import pytest
from django.utils import timezone

from core.models import Heartbeat
from newsletters.engine.actions import create_send
from newsletters.models import Send
from tests.support.dev_stack import dev_stack  # noqa: F401  (fixture)
from tests.support.sending import CONTENT, make_audience
from tests.support.worker import wait_for


@pytest.mark.worker
def test_the_dev_worker_and_beat_send_a_scheduled_newsletter_without_redis(
    dev_stack,  # noqa: F811
    client,
):
    segment = make_audience(2, prefix="scheduled", segment_name="Scheduled readers")
    send = create_send(
        content=CONTENT, topic="newsletter", segments=[segment], scheduled_at=timezone.now()
    )

    dev_stack.start("worker", "beat")

    # Beat looks for due sends every 30 s; the worker claims and sends the batch.
    wait_for(
        lambda: Send.objects.get(pk=send.pk).state == "sent",
        timeout=90,
        interval=1,
        message="the scheduled send to be sent by the dev worker",
    )
    assert sorted(send.deliveries.values_list("email", "state")) == [
        ("scheduled0@example.org", "sent"),
        ("scheduled1@example.org", "sent"),
    ]
    mail = sorted(p.name for p in dev_stack.mail_dir.glob("*.eml"))
    assert len(mail) == 2 and "scheduled0@example.org" in mail[0]
    assert "filesystem://" in dev_stack.log()

    # Both processes said they were alive, so the health check and the admin are content.
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"worker", "beat"}
    assert client.get("/healthz").json()["status"] == "ok"
