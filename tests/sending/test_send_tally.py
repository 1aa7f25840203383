"""A finished send's tally (sending.engine.tally) always equals counting its deliveries: kept
when the send finishes, moved by every tracking event in the event's transaction, dropped when
rows are queued again, and never counted while an event is half applied."""

import datetime as dt
import io
import threading

import pytest
from anymail.signals import AnymailTrackingEvent, EventType
from django.core.management import call_command
from django.db import connections, transaction

from sending.engine import create_send, resend_uncertain, start_send, tally
from sending.engine.batches import complete_if_done
from sending.models import Delivery, SendState, SendTally
from sending.webhooks import apply_tracking_event
from tests.support.sending import CONTENT, make_audience

ESP = "Postmark"
MOMENT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _finished_send(n: int, capture):
    segment = make_audience(n)
    send = create_send(content=CONTENT, topic="newsletter", segments=[segment])
    with capture(execute=True):
        start_send(send)
    for row in Delivery.objects.filter(send=send):
        row.provider_message_id = f"message-{row.pk}"
        row.save(update_fields=["provider_message_id"])
    send.refresh_from_db()
    return send


def _event(row: Delivery, kind: str, minutes: int = 0, **extra) -> AnymailTrackingEvent:
    return AnymailTrackingEvent(
        event_type=kind,
        message_id=row.provider_message_id,
        recipient=row.email,
        timestamp=MOMENT + dt.timedelta(minutes=minutes),
        event_id=f"{kind}-{row.pk}-{minutes}-{sorted(extra.items())}",
        **extra,
    )


def _kept(send) -> dict[str, int]:
    found = SendTally.objects.get(send=send)
    return {name: getattr(found, name) for name in tally.NAMES}


def _assert_tally_is_the_count(send):
    live = tally.live_counts([send.pk])[send.pk]
    assert _kept(send) == live
    assert tally.counts([send.pk]) == {send.pk: live}
    return live


@pytest.mark.django_db
def test_a_finished_send_keeps_a_tally_equal_to_counting_its_deliveries(
    django_capture_on_commit_callbacks,
):
    send = _finished_send(3, django_capture_on_commit_callbacks)

    assert send.state == SendState.SENT
    assert _assert_tally_is_the_count(send)["sent"] == 3


@pytest.mark.django_db
def test_every_tracking_event_moves_the_tally_as_it_moves_the_deliveries(
    django_capture_on_commit_callbacks,
):
    send = _finished_send(6, django_capture_on_commit_callbacks)
    a, b, c, d, e, f = Delivery.objects.filter(send=send).order_by("pk")
    Delivery.objects.filter(pk=f.pk).update(state=Delivery.State.UNCERTAIN)
    events = [
        _event(a, EventType.OPENED, 5),  # an open before its delivery implies delivery
        _event(a, EventType.DELIVERED, 1),
        _event(a, EventType.DELIVERED, 1),  # the same event again: applied once
        _event(b, EventType.CLICKED, 3, click_url="https://example.org/wrap"),
        _event(b, EventType.CLICKED, 9, click_url="https://example.org/other"),
        _event(c, EventType.BOUNCED, 2, esp_event={"Type": "HardBounce"}),
        _event(c, EventType.COMPLAINED, 4),  # bounced becomes complained: one moves to the other
        _event(c, EventType.DELIVERED, 6),  # late good news never undoes the bad
        _event(d, EventType.BOUNCED, 2, esp_event={"Type": "SoftBounce"}),  # counts nowhere
        _event(d, EventType.DEFERRED, 3),
        _event(e, EventType.REJECTED, 1),
        _event(e, EventType.UNSUBSCRIBED, 2),
        _event(f, EventType.DELIVERED, 7),  # settles a row a dead worker left uncertain
    ]
    for event in events:
        apply_tracking_event(event, ESP)
        _assert_tally_is_the_count(send)

    assert _kept(send) == {
        "sent": 6,
        "delivered": 4,
        "bounced": 0,
        "complained": 1,
        "opened": 2,
        "clicked": 1,
    }


@pytest.mark.django_db
def test_sending_rows_again_drops_the_tally_until_the_send_finishes_again(
    django_capture_on_commit_callbacks,
):
    send = _finished_send(3, django_capture_on_commit_callbacks)
    Delivery.objects.filter(send=send, email="lead0@example.org").update(
        state=Delivery.State.UNCERTAIN, sent_at=None
    )
    tally.recount(send.pk)
    assert _assert_tally_is_the_count(send)["sent"] == 2

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert resend_uncertain(send) == 1
    assert not SendTally.objects.filter(send=send).exists()  # counted live meanwhile
    assert tally.counts([send.pk])[send.pk]["sent"] == 2

    for callback in queued:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    send.refresh_from_db()
    assert send.state == SendState.SENT
    assert _assert_tally_is_the_count(send)["sent"] == 3


@pytest.mark.django_db
def test_tally_sends_counts_sends_finished_before_tallies_were_kept(
    django_capture_on_commit_callbacks,
):
    send = _finished_send(2, django_capture_on_commit_callbacks)
    SendTally.objects.all().delete()
    draft = create_send(content=CONTENT, topic="newsletter", segments=[])

    out = io.StringIO()
    call_command("tally_sends", stdout=out)

    assert out.getvalue() == "1 send counted.\n"
    assert _assert_tally_is_the_count(send)["sent"] == 2
    assert not SendTally.objects.filter(send=draft).exists()


# --- Events applied while the send finishes (PostgreSQL: two connections) -------------------


def _in_thread(target):
    failures = []

    def run():
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - reported to the test, which asserts on it
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


@pytest.mark.django_db(transaction=True)
def test_an_event_half_applied_when_the_send_finishes_is_counted_once(
    django_capture_on_commit_callbacks,
):
    from tests.support.services import require

    require(connections["default"].vendor == "postgresql", "row and advisory locks")
    send = _finished_send(2, django_capture_on_commit_callbacks)
    first, second = Delivery.objects.filter(send=send).order_by("pk")
    # The send as it was a moment before its last batch was recorded: still sending, no tally.
    SendTally.objects.filter(send=send).delete()
    send.__class__.objects.filter(pk=send.pk).update(state=SendState.SENDING)

    applied, release = threading.Event(), threading.Event()

    def event_in_a_long_transaction():
        with transaction.atomic():
            apply_tracking_event(_event(first, EventType.DELIVERED), ESP)
            applied.set()
            release.wait(timeout=30)

    webhook, webhook_failed = _in_thread(event_in_a_long_transaction)
    assert applied.wait(timeout=30)
    finishing, finish_failed = _in_thread(lambda: complete_if_done(send.pk))
    finishing.join(timeout=1)
    assert finishing.is_alive()  # the tally waits for the event being applied
    release.set()
    webhook.join(timeout=30)
    finishing.join(timeout=30)
    assert not webhook_failed and not finish_failed

    # An event that comes once the tally is kept moves it.
    apply_tracking_event(_event(second, EventType.OPENED), ESP)
    assert _assert_tally_is_the_count(send)["delivered"] == 2


@pytest.mark.django_db(transaction=True)
def test_events_arriving_at_once_each_move_the_tally(django_capture_on_commit_callbacks):
    from tests.support.services import require

    require(connections["default"].vendor == "postgresql", "row and advisory locks")
    send = _finished_send(6, django_capture_on_commit_callbacks)
    rows = list(Delivery.objects.filter(send=send).order_by("pk"))
    barrier = threading.Barrier(len(rows))

    def deliver(row):
        def run():
            barrier.wait(timeout=10)
            apply_tracking_event(_event(row, EventType.CLICKED, click_url="https://e.org/"), ESP)

        return run

    started = [_in_thread(deliver(row)) for row in rows]
    for thread, _ in started:
        thread.join(timeout=30)
    assert not any(failures for _, failures in started)
    assert _assert_tally_is_the_count(send) == {
        "sent": 6,
        "delivered": 6,
        "bounced": 0,
        "complained": 0,
        "opened": 6,
        "clicked": 6,
    }
