"""The daily limit (SEND_DAILY_LIMIT): at most that many messages in any rolling 24 hours, counted
from the engine's own record; a send that reaches it waits (no attempt counted), says so on its
report, and resumes by itself once the window has moved on."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from sending import tasks
from sending.engine import create_send, start_send
from sending.engine.batches import send_range
from sending.engine.dailylimit import allowance
from sending.engine.recovery import recover_sends
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, make_audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def capped(settings):
    settings.SEND_DAILY_LIMIT = 5


def started(capture, n=8):
    send = create_send(content=CONTENT, topic="newsletter", segments=[make_audience(n)])
    with capture(execute=True):
        start_send(send)
    return send


def sent_count(send):
    return Delivery.objects.filter(send=send, state="sent").count()


def range_of(send):
    ids = list(Delivery.objects.filter(send=send).values_list("pk", flat=True))
    return min(ids), max(ids)


def test_a_send_past_the_daily_limit_waits_without_attempts_and_resumes_once_the_day_has_passed(
    capped, client, coordinator, django_capture_on_commit_callbacks
):
    send = started(django_capture_on_commit_callbacks)

    assert sent_count(send) == 5 and len(mail.outbox) == 5
    waiting = Delivery.objects.filter(send=send, state="queued")
    assert waiting.count() == 3
    assert set(waiting.values_list("attempts", flat=True)) == {0}
    send.refresh_from_db()
    assert send.state == "sending"
    assert send.progress_at > timezone.now() + timedelta(minutes=20)  # recovery leaves it alone

    # The report says why, and when it goes on (the progress JSON too, for the page's refresh).
    client.force_login(coordinator)
    resumes = timezone.localtime(timezone.now() + timedelta(hours=24)).strftime("%H:%M")
    line = f"Paused by the daily limit of 5 emails: resumes by itself at {resumes}"
    assert line in client.get(f"/admin/newsletters/sends/{send.pk}/").content.decode()
    progress = client.get(f"/admin/newsletters/sends/{send.pk}/progress/").json()
    assert progress["daily_limit"].startswith(line) and progress["active"] is True

    # Recovery and a second run before the day has passed send nothing more, count nothing.
    with django_capture_on_commit_callbacks(execute=True):
        recover_sends(lease=0)
        assert send_range(send.pk, *range_of(send)).wait > 0
    assert sent_count(send) == 5 and set(waiting.values_list("attempts", flat=True)) == {0}

    # A day later (the sends moved back 24 hours) the batch's next turn sends the rest, once.
    Delivery.objects.filter(send=send, state="sent").update(
        sent_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        recover_sends(lease=0)

    send.refresh_from_db()
    assert send.state == "sent" and sent_count(send) == 8
    assert len(mail.outbox) == 8 and len({m.to[0] for m in mail.outbox}) == 8
    assert set(Delivery.objects.filter(send=send).values_list("attempts", flat=True)) == {1}
    assert "daily limit" not in client.get(f"/admin/newsletters/sends/{send.pk}/").content.decode()


def test_the_waiting_batch_comes_back_when_the_oldest_message_of_the_day_leaves_the_window(
    capped, django_capture_on_commit_callbacks, monkeypatch
):
    """The countdown is the time until the oldest of the window's messages is 24 hours old, and
    it is not a retry: the task is enqueued again, not retried."""
    send = started(django_capture_on_commit_callbacks)
    oldest = timezone.now() - timedelta(hours=23, minutes=50)
    first = Delivery.objects.filter(send=send, state="sent").order_by("pk").first()
    Delivery.objects.filter(pk=first.pk).update(sent_at=oldest)
    enqueued = []
    monkeypatch.setattr(
        tasks.send_batch, "apply_async", lambda args, countdown: enqueued.append((args, countdown))
    )

    tasks.send_batch(send.pk, *range_of(send))  # as a worker runs it (not eagerly)

    [(args, countdown)] = enqueued
    assert args == (send.pk, *range_of(send))
    assert 595 <= countdown <= 600
    assert sent_count(send) == 5


def test_a_wait_of_hours_is_taken_in_steps_shorter_than_the_brokers_redelivery(
    capped, django_capture_on_commit_callbacks, monkeypatch, settings
):
    send = started(django_capture_on_commit_callbacks)
    enqueued = []
    monkeypatch.setattr(
        tasks.send_batch, "apply_async", lambda args, countdown: enqueued.append(countdown)
    )

    tasks.send_batch(send.pk, *range_of(send))

    assert enqueued == [settings.SEND_LONGEST_WAIT_SECONDS]
    assert (
        settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
        > settings.SEND_LONGEST_WAIT_SECONDS
    )


def test_messages_of_every_send_and_those_in_flight_count_towards_the_limit(
    capped, django_capture_on_commit_callbacks, settings
):
    settings.SEND_DAILY_LIMIT = 0
    earlier = started(django_capture_on_commit_callbacks, n=3)
    assert sent_count(earlier) == 3
    Delivery.objects.filter(send=earlier, email="lead0@example.org").update(
        state="sending", sent_at=None, claimed_at=timezone.now()
    )
    settings.SEND_DAILY_LIMIT = 5

    later = create_send(
        content=CONTENT, topic="newsletter", segments=[make_audience(4, prefix="other")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_send(later)

    assert sent_count(later) == 2  # 2 sent + 1 in flight + 2 = 5


def test_no_limit_by_default(django_capture_on_commit_callbacks):
    send = started(django_capture_on_commit_callbacks, n=8)
    assert sent_count(send) == 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row and advisory locks")
def test_two_workers_counting_at_once_never_share_the_last_place(capped, settings):
    """A worker counting the window waits for another's claim in progress, then counts its rows."""
    settings.SEND_DAILY_LIMIT = 1
    holding, counted = threading.Event(), []

    def second_worker():
        try:
            holding.wait(5)
            with transaction.atomic():
                counted.append(allowance(1))
        finally:
            connection.close()

    worker = threading.Thread(target=second_worker)
    send = create_send(content=CONTENT, topic="newsletter", segments=[make_audience(1)])
    with transaction.atomic():  # the first worker's claim
        assert allowance(1) == (1, 0.0)
        worker.start()
        holding.set()
        worker.join(0.5)
        assert counted == []  # blocked by this claim's lock
        Delivery.objects.create(
            send=send, email="lead0@example.org", state="sending", claimed_at=timezone.now()
        )
    worker.join(5)

    [(granted, wait)] = counted
    assert granted == 0 and wait > 23 * 3600
