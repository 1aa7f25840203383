"""The subscribe form does the same work for every address (one stored request, one enqueue),
so how fast it answers cannot tell a suppressed, a known and an unknown address apart; the
worker then does what each needs, and a request whose enqueue was lost is swept up later."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.tasks import sweep
from networks.models import Contact, District, SubscriptionRequest, Suppression
from tests.networks.factories import ContactFactory

pytestmark = pytest.mark.django_db


def beat_sweep():
    """Beat's `core.sweep` once the hand-over grace has passed; how many it handed over."""
    return sweep(now=timezone.now() + timedelta(minutes=3))["handed_over"]


@pytest.fixture
def rugby(db):
    return District.objects.create(name="Rugby")


def post(client, rugby, email):
    data = {
        "email": email,
        "first_name": "Sam",
        "last_name": "Lee",
        "organisation": "",
        "districts": [rugby.pk],
        "topics": ["newsletter"],
    }
    return client.post("/subscribe/", data, REMOTE_ADDR="203.0.113.9")


def test_suppressed_known_and_unknown_addresses_cost_the_same_queries_and_one_enqueue(
    client, rugby, django_capture_on_commit_callbacks
):
    Suppression.objects.create(email="bounced@example.org", reason="hard_bounce")
    ContactFactory(email="known@example.org")
    post(client, rugby, "warm-up@example.org")  # session, CSRF and caches settle first
    SubscriptionRequest.objects.all().delete()
    work = {}
    pending = {}

    for email in ("bounced@example.org", "known@example.org", "new@example.org"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as callbacks,
        ):
            response = post(client, rugby, email)
        assert response.status_code == 302
        work[email] = (len(queries), len(callbacks))
        pending[email] = callbacks

    assert len(set(work.values())) == 1, work
    assert next(iter(work.values()))[1] == 1

    mail.outbox.clear()
    for callbacks in pending.values():
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks:
                callback()
    recipients = [m.to[0] for m in mail.outbox]
    assert not any("bounced@" in r for r in recipients)
    assert sum("known@" in r for r in recipients) == 1
    assert sum("new@" in r for r in recipients) == 1
    assert not Contact.objects.filter(email="bounced@example.org").exists()
    assert not SubscriptionRequest.objects.exists()


def test_a_request_whose_enqueue_was_lost_is_sent_by_the_sweep(
    client, rugby, django_capture_on_commit_callbacks
):
    # The broker was down: the on-commit enqueue never ran, the request stayed in the database.
    post(client, rugby, "late@example.org")
    assert SubscriptionRequest.objects.count() == 1
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert beat_sweep() == 1

    assert [m.to[0] for m in mail.outbox] == ["Sam Lee <late@example.org>"]
    assert not SubscriptionRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert beat_sweep() == 0
    assert len(mail.outbox) == 1


def test_erasing_the_contact_drops_a_request_not_yet_applied(
    client, rugby, django_capture_on_commit_callbacks
):
    from networks.actions import erase_contact

    contact = ContactFactory(email="gone@example.org")
    post(client, rugby, "gone@example.org")
    erase_contact(contact)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        beat_sweep()

    assert not SubscriptionRequest.objects.exists() and mail.outbox == []
