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
    assert paused.detail.startswith("3 soft bounces in 14 days, paused until ")
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


def test_a_hard_bounce_is_not_counted_among_the_soft_ones(client, coordinator, three_issues):
    """A staff address (no directory contact) hard-bounced and was let go again once the mailbox
    was recreated; two soft bounces later it is not paused: the hard bounce was never a soft
    one."""
    from networks.actions import unsuppress_address
    from sending.engine import send_to_address

    staff = "staff@example.org"
    for n in (5, 6, 7):  # (their batches are never run: the provider ids are what matters)
        delivery = send_to_address(CONTENT, staff)
        Delivery.objects.filter(pk=delivery.pk).update(provider_message_id=message_id(n))
    assert post(client, bounce(ID=1, MessageID=message_id(5), Email=staff)).status_code == 200
    assert Suppression.objects.get(email=staff).reason == "hard_bounce"
    unsuppress_address(Suppression.objects.get(email=staff), user=coordinator)

    post(client, {**soft_bounce(6, 2), "Email": staff})
    post(client, {**soft_bounce(7, 3), "Email": staff})

    assert not Suppression.objects.filter(email=staff).exists()
    assert list(TrackingEvent.objects.values_list("is_soft_bounce", flat=True)) == [
        False,
        True,
        True,
    ]


def three_soft_bounces(client):
    post(client, soft_bounce(0, 1))
    post(client, soft_bounce(1, 2))
    post(client, soft_bounce(2, 3))
    return Suppression.objects.get(email=LEAD1)


def test_a_soft_bounce_pause_ends_by_itself_after_the_window_and_the_count_starts_again(
    client, three_issues, settings
):
    from sending.tasks import lift_soft_bounce_pauses

    settings.SEND_SOFT_BOUNCE_PAUSE_DAYS = 7
    paused = three_soft_bounces(client)
    assert "paused until" in paused.detail

    Suppression.objects.update(created_at=timezone.now() - timedelta(days=6, hours=23))
    assert lift_soft_bounce_pauses() == 0 and Suppression.objects.exists()
    Suppression.objects.update(created_at=timezone.now() - timedelta(days=7, minutes=1))
    assert lift_soft_bounce_pauses() == 1
    assert not Suppression.objects.exists()
    history = list(
        ConsentEvent.objects.filter(contact__email=LEAD1).values_list("action", flat=True)
    )
    assert history == ["unsuppressed", "suppressed"]

    # The three bounces are still within SEND_SOFT_BOUNCE_DAYS, but counted before the pause
    # ended: one more soft bounce does not pause the address again at once.
    Delivery.objects.filter(send=three_issues[0], email=LEAD1).update(
        provider_message_id=message_id(7)
    )
    post(client, soft_bounce(7, 4))
    assert not Suppression.objects.exists()


def test_other_suppressions_never_end_by_themselves_and_0_keeps_pauses(
    client, three_issues, settings
):
    from sending.webhooks import lift_soft_bounce_pauses

    three_soft_bounces(client)
    Suppression.objects.create(email="complained@example.org", reason="complaint")
    Suppression.objects.update(created_at=timezone.now() - timedelta(days=400))

    settings.SEND_SOFT_BOUNCE_PAUSE_DAYS = 0
    assert lift_soft_bounce_pauses() == 0 and Suppression.objects.count() == 2
    settings.SEND_SOFT_BOUNCE_PAUSE_DAYS = 7
    assert lift_soft_bounce_pauses() == 1
    assert list(Suppression.objects.values_list("reason", flat=True)) == ["complaint"]


def test_beat_lifts_the_pauses_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sending-lift-soft-bounce-pauses"]
    assert entry == {"task": "sending.lift_soft_bounce_pauses", "schedule": 3600.0}
