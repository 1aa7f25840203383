"""One "Confirm and send" is one Send: the confirm form's key is unique on Send, so a second
POST of the same form, or two at the same moment, send once (PostgreSQL decides the race)."""

import uuid

import pytest
from django.core import mail
from django.test import Client

from sending.models import Delivery, Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.concurrency import post_at_once
from tests.support.people import make_coordinator
from tests.support.sending import make_audience


def send_url(page):
    return f"/admin/newsletters/{page.pk}/send/"


@pytest.fixture
def ready(demo_issue, coordinator):
    submit_and_approve(demo_issue, coordinator, coordinator)
    segment = make_audience(3, segment_name="District leads")
    mail.outbox.clear()
    return demo_issue, segment


def test_the_confirm_form_carries_a_key_and_a_resubmit_sends_once(
    client, coordinator, ready, django_capture_on_commit_callbacks
):
    issue, segment = ready
    client.force_login(coordinator)
    form = client.post(send_url(issue), {"segments": [segment.pk], "when": "now"})
    key = form.context["carried"][-1]
    assert key[0] == "idempotency_key" and 'name="idempotency_key"' in form.content.decode()
    data = {"segments": [segment.pk], "when": "now", "confirm": "1", "idempotency_key": key[1]}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(send_url(issue), data)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(send_url(issue), data)

    send = Send.objects.get()
    assert first.url == again.url == f"/admin/newsletters/sends/{send.pk}/"
    assert send.deliveries.count() == 3 and len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_send_once(demo_site, django_user_model):

    from newsletters.models import NewsletterPage

    coordinator = make_coordinator("casey", email="casey@example.org")
    issue = NewsletterPage.objects.get()
    submit_and_approve(issue, coordinator, coordinator)
    segment = make_audience(3, segment_name="District leads")
    signed_in = Client()
    signed_in.force_login(coordinator)
    mail.outbox.clear()
    data = {
        "segments": [segment.pk],
        "when": "now",
        "confirm": "1",
        "idempotency_key": uuid.uuid4().hex,
    }

    responses = post_at_once(signed_in.cookies, send_url(issue), data)

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    send = Send.objects.get()
    assert Delivery.objects.filter(send=send).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Lee{i} Lead <lead{i}@example.org>" for i in range(3)
    ]


def test_the_database_refuses_a_second_send_with_the_same_key_even_past_the_first_look(db):
    """The race the fast look-up cannot see: the unique key, not the look-up, decides."""
    from sending.engine import create_send, send_once
    from tests.support.sending import CONTENT

    segment = make_audience(1)
    key = uuid.uuid4().hex
    first = create_send(
        content=CONTENT, topic="newsletter", segments=[segment], idempotency_key=key
    )
    made = []

    def create_again():
        made.append(1)
        return create_send(
            content=CONTENT, topic="newsletter", segments=[segment], idempotency_key=key
        )

    from django.db.models import QuerySet

    original_first = QuerySet.first
    calls = {"n": 0}

    def blind_first(qs):
        calls["n"] += 1
        return None if calls["n"] == 1 else original_first(qs)  # the look-up misses it once

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QuerySet, "first", blind_first)
        send, created = send_once(key, create_again)

    assert made == [1] and created is False and send.pk == first.pk
    assert Send.objects.count() == 1
