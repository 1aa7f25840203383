"""The engine on PostgreSQL with real Celery workers, Redis and an SMTP sink or a fake ESP."""

import email
import time
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from sending.engine import cancel_send, create_send, pause_send, resume_send, start_send
from sending.engine.recovery import recover_sends
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, FakeEsp, SmtpSink, make_audience, smtp_worker_env
from tests.support.worker import wait_for

pytestmark = pytest.mark.worker

BATCH = 10


@pytest.fixture
def small_batches(settings):
    settings.SEND_BATCH_SIZE = BATCH
    settings.SEND_CLAIM_LEASE_SECONDS = 1


def smtp_env(sink):
    return smtp_worker_env(sink, SEND_BATCH_SIZE=BATCH)


ESP_ENV = {"TEST_EMAIL_BACKEND": "tests.support.sending.FakeEsp", "SEND_BATCH_SIZE": str(BATCH)}


@pytest.fixture
def sink():
    sinks = []

    def start(delay=0.0):
        sinks.append(SmtpSink(delay=delay).start())
        return sinks[-1]

    yield start
    for s in sinks:
        s.stop()


def send_to(n):
    segment = make_audience(n)
    send = create_send(content=CONTENT, topic="newsletter", segments=[segment])
    return start_send(send)


def counts(send):
    rows = Delivery.objects.filter(send=send)
    return {s: rows.filter(state=s).count() for s in Delivery.State.values}


def settled(send):
    return not Delivery.objects.filter(send=send, state__in=["queued", "sending"]).exists()


def test_a_send_reaches_every_recipient_exactly_once(celery_worker_process, small_batches, sink):
    smtp = sink()
    celery_worker_process.start("w1", concurrency=2, env=smtp_env(smtp))
    celery_worker_process.start("w2", concurrency=1, env=smtp_env(smtp))

    send = send_to(120)

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="send done")
    assert counts(send)["sent"] == 120
    assert smtp.received == {f"lead{i}@example.org": 1 for i in range(120)}
    message = email.message_from_bytes(smtp.messages[0], policy=policy.default)
    name = message["To"].addresses[0].display_name.split()[0]
    assert message["Subject"] == f"Prevent Partnership news for {name}"
    assert f"Dear {name}," in message.get_body(("plain",)).get_content()
    assert f"<p>Dear {name},</p>" in message.get_body(("html",)).get_content()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http")


def test_a_worker_killed_mid_send_leaves_nobody_sent_twice_and_nobody_unaccounted_for(
    celery_worker_process, small_batches, sink
):
    smtp = sink(delay=0.02)
    first = celery_worker_process.start("w1", concurrency=1, env=smtp_env(smtp))
    send = send_to(150)

    def mid_batch():
        # Kill while a batch is half sent: some of its messages out, its rows still `sending`.
        return (
            smtp.total >= 30
            and 2 <= smtp.total % BATCH <= 6
            and Delivery.objects.filter(send=send, state="sending").exists()
        )

    wait_for(mid_batch, timeout=90, interval=0.01, message="a batch to be half sent")
    celery_worker_process.kill(first)
    celery_worker_process.start("w2", concurrency=1, env=smtp_env(smtp))

    def recovered():
        recover_sends()  # what beat runs every minute
        return settled(send)

    wait_for(recovered, timeout=120, interval=0.5, message="recovery to account for every row")
    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=30, message="sent")
    result = counts(send)
    assert result["sent"] + result["failed"] + result["uncertain"] == 150
    assert result["uncertain"] >= 1  # the batch the dead worker held
    assert max(smtp.received.values()) == 1, "nobody may receive the message twice"
    rows = dict(Delivery.objects.filter(send=send).values_list("email", "state"))
    for address, state in rows.items():
        if state == "sent":
            assert smtp.received[address] == 1, address
        if state == "uncertain":
            assert smtp.received[address] in (0, 1)
    assert not [a for a, s in rows.items() if s != "sent" and s != "uncertain"]


def test_workers_together_keep_to_the_shared_messages_per_second_limit(
    celery_worker_process, small_batches, sink
):
    smtp = sink()
    env = {**smtp_env(smtp), "SEND_RATE_LIMIT_PER_SECOND": "20"}
    celery_worker_process.start("w1", concurrency=1, env=env)
    celery_worker_process.start("w2", concurrency=1, env=env)

    send = send_to(60)

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="sent")
    # 20 at once (a full bucket), then 40 more at 20 a second: about two seconds from the first
    # message to the last (unlimited, these 60 take a fraction of a second).
    assert smtp.arrivals[-1] - smtp.arrivals[0] >= 1.8
    assert smtp.received == {f"lead{i}@example.org": 1 for i in range(60)}


def test_a_paused_send_stops_and_resumes_where_it_left_off(
    celery_worker_process, small_batches, sink
):
    smtp = sink(delay=0.01)
    celery_worker_process.start("w1", concurrency=1, env=smtp_env(smtp))
    send = send_to(100)
    wait_for(lambda: smtp.total >= 20, timeout=90, message="sending to start")

    pause_send(send)
    wait_for(
        lambda: not Delivery.objects.filter(send=send, state="sending").exists(),
        timeout=30,
        message="the batch in flight to finish",
    )
    at_pause = smtp.total
    time.sleep(1.0)  # long enough for several more batches, had the send not paused
    assert smtp.total == at_pause < 100
    assert Send.objects.get(pk=send.pk).state == "paused"
    assert counts(send)["queued"] == 100 - at_pause

    resume_send(Send.objects.get(pk=send.pk))

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="sent")
    assert smtp.received == {f"lead{i}@example.org": 1 for i in range(100)}


def test_a_cancelled_send_stops_and_reports_who_was_not_sent(
    celery_worker_process, small_batches, sink
):
    smtp = sink(delay=0.01)
    celery_worker_process.start("w1", concurrency=1, env=smtp_env(smtp))
    send = send_to(100)
    wait_for(lambda: smtp.total >= 20, timeout=90, message="sending to start")

    cancel_send(send)
    wait_for(lambda: settled(send), timeout=30, message="the batch in flight to finish")
    time.sleep(0.5)

    result = counts(send)
    assert Send.objects.get(pk=send.pk).state == "cancelled"
    assert result["cancelled"] > 0 and result["sent"] + result["cancelled"] == 100
    assert smtp.total == result["sent"] and max(smtp.received.values()) == 1


def test_a_provider_answering_429_then_200_gets_every_message_once(
    celery_worker_process, small_batches
):
    FakeEsp.reset(fail_429=2)
    celery_worker_process.start("w1", concurrency=1, env=ESP_ENV)

    send = send_to(30)

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="sent")
    assert counts(send)["sent"] == 30
    assert FakeEsp.sent() == {f"lead{i}@example.org": 1 for i in range(30)}
    assert Delivery.objects.filter(send=send, attempts__gt=1).exists()
    assert not Delivery.objects.filter(send=send, provider_message_id="").exists()


def test_a_provider_rejecting_one_address_fails_that_row_with_the_reason(
    celery_worker_process, small_batches
):
    FakeEsp.reset(reject="lead3@example.org")
    celery_worker_process.start("w1", concurrency=1, env=ESP_ENV)

    send = send_to(20)

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="sent")
    rejected = Delivery.objects.get(send=send, email="lead3@example.org")
    assert rejected.state == "failed" and rejected.last_error == "the provider answered rejected"
    assert counts(send)["sent"] == 19
    expected = {f"lead{i}@example.org": 1 for i in range(20) if i != 3}
    assert FakeEsp.sent() == expected


def test_workers_together_keep_to_the_daily_limit_and_the_send_goes_on_when_the_day_has_passed(
    celery_worker_process, small_batches, sink
):
    smtp = sink(delay=0.01)
    env = smtp_worker_env(smtp, SEND_BATCH_SIZE=BATCH, SEND_DAILY_LIMIT=25)
    celery_worker_process.start("w1", concurrency=2, env=env)
    celery_worker_process.start("w2", concurrency=2, env=env)
    send = send_to(40)  # four batches of ten, claimed at once by four processes

    wait_for(lambda: smtp.total >= 25, timeout=90, message="the first 25")
    wait_for(
        lambda: not Delivery.objects.filter(send=send, state="sending").exists(),
        timeout=30,
        message="the claims in flight to finish",
    )
    time.sleep(1.0)  # long enough for every batch to have tried again, had it not waited
    assert smtp.total == 25 and counts(send)["queued"] == 15
    assert set(
        Delivery.objects.filter(send=send, state="queued").values_list("attempts", flat=True)
    ) == {0}
    assert Send.objects.get(pk=send.pk).state == "sending"

    Delivery.objects.filter(send=send, state="sent").update(
        sent_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(seconds=2))
    recover_sends(lease=1)  # the batches' own next turn is half an hour away: beat's is now

    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=90, message="sent")
    assert smtp.received == {f"lead{i}@example.org": 1 for i in range(40)}


def test_killing_workers_again_and_again_leaves_only_the_messages_in_flight_uncertain(
    celery_worker_process, settings, sink
):
    """Three SIGKILLs of a two-process worker in the middle of 50-message batches: each kill
    leaves at most SEND_IN_FLIGHT (10) rows uncertain per worker process, every other row is
    sent exactly once by the workers after it, and no row is unaccounted for."""
    batch, processes, in_flight = 50, 2, 10
    settings.SEND_BATCH_SIZE = batch
    settings.SEND_CLAIM_LEASE_SECONDS = 1
    smtp = sink(delay=0.01)
    env = smtp_worker_env(smtp, SEND_BATCH_SIZE=batch, SEND_IN_FLIGHT=in_flight)
    send = send_to(600)

    uncertain_before = 0
    for kill in range(3):
        worker = celery_worker_process.start(f"k{kill}", concurrency=processes, env=env)
        target = smtp.total + 60
        wait_for(lambda t=target: smtp.total >= t, timeout=120, interval=0.01, message="sending")
        celery_worker_process.kill(worker)
        time.sleep(1.5)  # past the lease: the dead worker's claims are stale
        recover_sends()
        uncertain = Delivery.objects.filter(send=send, state="uncertain").count()
        assert uncertain - uncertain_before <= in_flight * processes, (kill, uncertain)
        uncertain_before = uncertain
        assert not Delivery.objects.filter(send=send, state__in=["claimed", "sending"]).exists()

    celery_worker_process.start("last", concurrency=processes, env=env)
    wait_for(lambda: Send.objects.get(pk=send.pk).state == "sent", timeout=180, message="sent")
    result = counts(send)
    assert result["sent"] + result["uncertain"] == 600, result
    assert max(smtp.received.values()) == 1, "nobody may receive the message twice"
    rows = dict(Delivery.objects.filter(send=send).values_list("email", "state"))
    assert {a for a, s in rows.items() if s == "sent"} <= set(smtp.received)
    assert not {a for a, s in rows.items() if s == "queued"}
