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


def test_a_second_send_of_the_issue_skips_everyone_the_first_reached_and_says_so(
    client, coordinator, ready, django_capture_on_commit_callbacks
):
    """Two sends of one issue to overlapping segments: each person gets one copy, and the second
    confirm page says how many it skips."""
    issue, first_segment = ready
    newcomers = make_audience(2, prefix="new", segment_name="Newcomers")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(issue), confirm_form([first_segment]))

    confirm = client.post(
        send_url(issue), {"segments": [first_segment.pk, newcomers.pk], "when": "now"}
    )
    page = confirm.content.decode()
    assert "This will go to <strong>2 people</strong>" in page
    assert "3 people have already been sent this issue by an earlier send" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(issue), confirm_form([first_segment, newcomers]))

    second = Send.objects.order_by("-pk").first()
    assert second.recipient_count == 2
    assert sorted(second.deliveries.values_list("email", flat=True)) == [
        "new0@example.org",
        "new1@example.org",
    ]
    addresses = [m.to[0].split("<")[1].rstrip(">") for m in mail.outbox]
    assert sorted(addresses) == sorted(set(addresses)) and len(addresses) == 5


def confirm_form(segments, key=None):
    return {
        "segments": [s.pk for s in segments],
        "when": "now",
        "confirm": "1",
        "idempotency_key": key or uuid.uuid4().hex,
    }


@pytest.mark.django_db(transaction=True)
def test_two_different_confirm_forms_at_the_same_moment_give_one_copy_each(
    demo_site, django_user_model
):
    """Two tabs (or two coordinators), each with its own confirm form and key, posted at the same
    moment: two sends may start, but the database lets each person hold one copy of the issue."""
    from newsletters.models import NewsletterPage

    coordinator = make_coordinator("casey", email="casey@example.org")
    issue = NewsletterPage.objects.get()
    submit_and_approve(issue, coordinator, coordinator)
    segment = make_audience(20, segment_name="District leads")
    signed_in = Client()
    signed_in.force_login(coordinator)
    mail.outbox.clear()

    responses = post_at_once(
        signed_in.cookies, send_url(issue), [confirm_form([segment]), confirm_form([segment])]
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert Send.objects.count() == 2
    assert Delivery.objects.filter(send__source_page=issue).count() == 20
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == sorted(f"Lee{i} Lead <lead{i}@example.org>" for i in range(20))


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
