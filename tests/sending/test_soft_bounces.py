"""Soft bounces add up per address (Postmark's tracking webhook, through anymail): past
SEND_SOFT_BOUNCE_LIMIT messages within SEND_SOFT_BOUNCE_DAYS the address is paused, shown on the
suppression list with its reason, and left out of new sends."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from networks.models import ConsentEvent, Suppression
from sending.engine import create_send, start_send
from sending.models import Delivery, TrackingEvent
from tests.support.sending import CONTENT, make_audience
from tests.support.webhooks import bounce, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_secret")]

LEAD1 = "lead1@example.org"


def message_id(n: int) -> str:
    return f"883953f4-6105-42a2-a16a-77a8eac7948{n}"


@pytest.fixture
def three_issues(django_capture_on_commit_callbacks, settings):
    """Three newsletters sent to three leads; lead1's copy of issue n went out through Postmark as
    message_id(n). Postmark is then the configured backend, so its webhook is the live one."""
    segment = make_audience(3)
    sends = []
    for n in range(3):
        send = create_send(content=CONTENT, topic="newsletter", segments=[segment])
        with django_capture_on_commit_callbacks(execute=True):
            start_send(send)
        Delivery.objects.filter(send=send, email=LEAD1).update(provider_message_id=message_id(n))
        sends.append(send)
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    return sends


def soft_bounce(n: int, event_id: int, kind="SoftBounce"):
    """Postmark's "SoftBounce" is anymail's "bounced", its "Transient" anymail's "deferred"."""
    return bounce(
        ID=event_id,
        Type=kind,
        TypeCode=4096 if kind == "SoftBounce" else 2,
        Name="Soft bounce",
        MessageID=message_id(n),
        Description="The server could not temporarily deliver your message (mailbox full).",
        Details="smtp;452 4.2.2 Mailbox full",
        Inactive=False,
    )


def test_three_soft_bounces_within_the_window_pause_the_address_and_new_sends_leave_it_out(
    client, coordinator, three_issues, django_capture_on_commit_callbacks, settings
):
    assert post(client, soft_bounce(0, 1)).status_code == 200
    assert post(client, soft_bounce(1, 2, kind="Transient")).status_code == 200
    # The provider deferring one message again and again is one message, not three bounces.
    assert post(client, soft_bounce(1, 3, kind="Transient")).status_code == 200
    assert post(client, soft_bounce(1, 4, kind="DnsError")).status_code == 200
    assert TrackingEvent.objects.count() == 4
    assert not Suppression.objects.exists()
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}  # not hard news

    assert post(client, soft_bounce(2, 5)).status_code == 200

    paused = Suppression.objects.get(email=LEAD1)
    assert paused.reason == "soft_bounces"
    assert paused.detail.startswith("3 soft bounces in 14 days; the last: ")
    assert "temporarily" in paused.detail
    history = ConsentEvent.objects.get(contact__email=LEAD1)
    assert (history.action, history.source) == ("suppressed", "bounce")

    # The coordinator sees it on the suppression list, with its reason.
    client.force_login(coordinator)
    listing = client.get("/admin/snippets/networks/suppression/").content.decode()
    assert LEAD1 in listing and "Paused: repeated soft bounces" in listing

    mail.outbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    next_send = create_send(
        content=CONTENT, topic="newsletter", segments=three_issues[0].segments.all()
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_send(next_send)
    addresses = set(Delivery.objects.filter(send=next_send).values_list("email", flat=True))
    assert addresses == {"lead0@example.org", "lead2@example.org"}
    assert not any(LEAD1 in m.to[0] for m in mail.outbox)


def test_soft_bounces_older_than_the_window_do_not_count(client, three_issues, settings):
    post(client, soft_bounce(0, 1))
    post(client, soft_bounce(1, 2))
    TrackingEvent.objects.update(received_at=timezone.now() - timedelta(days=14, minutes=1))

    post(client, soft_bounce(2, 3))
    assert not Suppression.objects.exists()

    settings.SEND_SOFT_BOUNCE_DAYS = 15
    post(client, soft_bounce(2, 4, kind="Transient"))  # a later deferral of the same message
    assert Suppression.objects.get(email=LEAD1).reason == "soft_bounces"


def test_soft_bounces_of_other_addresses_do_not_add_up(client, three_issues):
    for n in range(2):
        post(client, soft_bounce(n, n + 1))
    Delivery.objects.filter(send=three_issues[2], email="lead2@example.org").update(
        provider_message_id=message_id(9)
    )
    post(client, {**soft_bounce(9, 9), "Email": "lead2@example.org"})

    assert not Suppression.objects.exists()


def test_the_threshold_is_a_setting(client, three_issues, settings):
    settings.SEND_SOFT_BOUNCE_LIMIT = 1
    post(client, soft_bounce(0, 1, kind="Transient"))
    assert Suppression.objects.get(email=LEAD1).reason == "soft_bounces"
