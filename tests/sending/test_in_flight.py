"""Uncertain means in flight: a worker hands a batch over in id order, a group of at most
SEND_IN_FLIGHT messages at a time, and writes each group before the next, so a worker that dies
leaves at most that group uncertain, the rest of its claim queued again, nobody sent twice,
nobody lost.

The in-process tests stop a batch by raising a BaseException from the mail backend (what a
SIGKILL does to the Python code: nothing after it runs); the worker tests SIGKILL real Celery
worker processes."""

import time
from email.utils import parseaddr

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from sending.engine import create_send, start_send
from sending.engine.batches import send_range
from sending.engine.recovery import recover_sends
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, make_audience

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the worker process dying: no `except Exception` sees it."""


class DiesMidBatch(BaseEmailBackend):
    """Accepts `accept` messages, then the worker 'dies' handing over the next one."""

    accept = 0
    received: list[str] = []

    def send_messages(self, messages):
        if len(DiesMidBatch.received) >= DiesMidBatch.accept:
            raise Killed
        DiesMidBatch.received += [parseaddr(m.to[0])[1] for m in messages]
        return len(messages)


class Accepts(BaseEmailBackend):
    received: list[str] = []

    def send_messages(self, messages):
        Accepts.received += [parseaddr(m.to[0])[1] for m in messages]
        return len(messages)


def started(n, django_capture_on_commit_callbacks):
    send = create_send(content=CONTENT, topic="newsletter", segments=[make_audience(n)])
    with django_capture_on_commit_callbacks(execute=False):
        start_send(send)  # the batches are not run: the test runs them
    ids = list(Delivery.objects.filter(send=send).order_by("id").values_list("pk", flat=True))
    return send, ids


def states(send):
    return dict(Delivery.objects.filter(send=send).values_list("email", "state"))


def test_a_worker_dying_mid_batch_leaves_only_the_group_it_was_handing_over_uncertain(
    settings, django_capture_on_commit_callbacks
):
    settings.SEND_BATCH_SIZE = 100
    settings.SEND_IN_FLIGHT = 10
    settings.EMAIL_BACKEND = f"{__name__}.DiesMidBatch"
    DiesMidBatch.accept, DiesMidBatch.received = 34, []
    send, ids = started(100, django_capture_on_commit_callbacks)

    with pytest.raises(Killed):
        send_range(send.pk, ids[0], ids[-1])

    rows = states(send)
    by_state = {s: sorted(a for a, st in rows.items() if st == s) for s in set(rows.values())}
    # Three groups written as sent; the fourth was being handed over (4 of it went out); the
    # other 60 never left the worker. All 70 are still `sending` under the dead claim.
    assert len(by_state["sent"]) == 30
    assert len(by_state["sending"]) == 70
    assert set(by_state["sent"]) < set(DiesMidBatch.received)
    in_flight, never_left = by_state["sending"][:10], by_state["sending"][10:]

    # After the lease, recovery: the group in flight is uncertain, the claim's rest queued again.
    assert recover_sends(lease=0)["uncertain"] == 10
    uncertain = Delivery.objects.filter(send=send, state="uncertain")
    queued = Delivery.objects.filter(send=send, state="queued")
    assert sorted(uncertain.values_list("email", flat=True)) == sorted(in_flight)
    assert set(DiesMidBatch.received) - set(by_state["sent"]) <= set(in_flight)
    assert queued.count() == 60
    assert not set(queued.values_list("email", flat=True)) & set(DiesMidBatch.received)
    assert {r.attempts for r in queued} == {0}, "an attempt counts only when handed over"

    # The next worker sends the 60 and nobody else: no address twice, none unaccounted for.
    settings.EMAIL_BACKEND = f"{__name__}.Accepts"
    Accepts.received = []
    send_range(send.pk, ids[0], ids[-1])
    assert sorted(Accepts.received) == sorted(never_left)
    rows = states(send)
    assert sorted(set(rows.values())) == ["sent", "uncertain"]
    assert len(rows) == 100
    assert Send.objects.get(pk=send.pk).state == "sent"


def test_a_claim_taken_back_by_recovery_is_never_handed_over_by_its_first_worker(
    settings, django_capture_on_commit_callbacks
):
    """A worker stalled past the lease (not dead): recovery took its claim back and another
    worker claimed the rest. When the first worker wakes, no group is its own any more (the
    claim's `claimed_at` is its token), so it hands over nothing: one copy each at most."""
    from sending.engine import batches

    settings.SEND_BATCH_SIZE = 30
    settings.SEND_IN_FLIGHT = 10
    settings.SEND_CLAIM_LEASE_SECONDS = 0
    settings.EMAIL_BACKEND = f"{__name__}.Accepts"
    Accepts.received = []
    send, ids = started(30, django_capture_on_commit_callbacks)
    first = batches.claim(send.pk, ids[0], ids[-1], 30)
    time.sleep(0.01)
    recover_sends(lease=0)  # the first group is uncertain, the other 20 queued again
    second = batches.claim(send.pk, ids[0], ids[-1], 30)
    assert [r["id"] for r in second.rows] == ids[10:]

    sent, _retry, _ = batches.hand_over(send.pk, first)

    # Nothing of its claim is its own any more: the first group is uncertain (recovery cannot
    # know it never left), the rest belongs to the second claim.
    assert sent == 0 and Accepts.received == []
    batches.hand_over(send.pk, second)
    assert sorted(Accepts.received) == sorted(r["email"] for r in second.rows)
    assert Delivery.objects.filter(send=send, state="uncertain").count() == 10
    assert Delivery.objects.filter(send=send, state="sent").count() == 20


def test_a_mail_server_that_cannot_be_reached_queues_the_claim_counting_one_group_attempted(
    settings, django_capture_on_commit_callbacks
):
    from sending.engine.errors import TransientSendError
    from tests.support.services import free_port

    settings.SEND_BATCH_SIZE = 50
    settings.SEND_IN_FLIGHT = 10
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    send, ids = started(50, django_capture_on_commit_callbacks)

    with pytest.raises(TransientSendError):
        send_range(send.pk, ids[0], ids[-1])

    rows = Delivery.objects.filter(send=send)
    assert {r.state for r in rows} == {"queued"}
    assert {r.claimed_at for r in rows} == {None}
    attempts = sorted(r.attempts for r in rows)
    # The group that was to be handed over first counts an attempt; the other 40 never left.
    assert attempts.count(1) == 10 and attempts.count(0) == 40
    assert all(r.last_error for r in rows)
