"""Provider tracking webhooks (Postmark's, through anymail) update deliveries and the directory."""

import json

import pytest
from django.core import mail

from networks.models import ConsentEvent, Subscription, Suppression
from sending.engine import create_send, start_send
from sending.models import Delivery, TrackingEvent
from tests.support.sending import CONTENT, make_audience
from tests.support.webhooks import (
    FORGED_AUTH,
    MESSAGE_ID,
    URL,
    bounce,
    delivered,
    opened,
    post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_secret")]


@pytest.fixture
def sent(django_capture_on_commit_callbacks, settings):
    """A newsletter sent to three leads; lead1's copy went out through Postmark as MESSAGE_ID.
    Postmark is then the configured backend, so its webhook is the live one."""
    segment = make_audience(3)
    send = create_send(content=CONTENT, topic="newsletter", segments=[segment])
    with django_capture_on_commit_callbacks(execute=True):
        start_send(send)
    Delivery.objects.filter(email="lead1@example.org").update(provider_message_id=MESSAGE_ID)
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    return send


def lead1():
    return Delivery.objects.get(email="lead1@example.org")


def test_a_hard_bounce_suppresses_the_address_and_the_next_send_skips_it(
    client, sent, django_capture_on_commit_callbacks, settings
):
    response = post(client, bounce())

    assert response.status_code == 200
    assert lead1().state == "bounced"
    assert "does not exist" in lead1().last_error or "unknown user" in lead1().last_error
    assert Suppression.objects.get(email="lead1@example.org").reason == "hard_bounce"
    history = ConsentEvent.objects.get(contact__email="lead1@example.org")
    assert (history.action, history.source) == ("suppressed", "bounce")

    mail.outbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    next_send = create_send(content=CONTENT, topic="newsletter", segments=sent.segments.all())
    with django_capture_on_commit_callbacks(execute=True):
        start_send(next_send)
    addresses = set(Delivery.objects.filter(send=next_send).values_list("email", flat=True))
    assert addresses == {"lead0@example.org", "lead2@example.org"}
    assert not any("lead1@" in m.to[0] for m in mail.outbox)


def test_forged_or_missing_credentials_are_refused_and_change_nothing(client, sent):
    assert post(client, bounce(), auth=FORGED_AUTH).status_code == 400
    unauthenticated = client.post(URL, json.dumps(bounce()), content_type="application/json")
    assert unauthenticated.status_code == 400

    assert lead1().state == "sent"
    assert not Suppression.objects.exists() and not TrackingEvent.objects.exists()


def test_a_duplicated_event_is_applied_once(client, sent):
    assert post(client, bounce()).status_code == 200
    assert post(client, bounce()).status_code == 200
    assert post(client, opened()).status_code == 200
    assert post(client, opened()).status_code == 200

    assert TrackingEvent.objects.count() == 2
    assert ConsentEvent.objects.filter(contact__email="lead1@example.org").count() == 1


def test_events_out_of_order_never_undo_worse_news(client, sent):
    post(client, bounce())
    post(client, delivered())

    row = lead1()
    assert row.state == "bounced"
    assert row.delivered_at is not None


def test_an_open_before_its_delivery_event_implies_delivery_at_the_earliest_time(client, sent):
    post(client, opened(at="2026-11-20T10:05:00Z"))
    row = lead1()
    assert row.opened_at.isoformat() == "2026-11-20T10:05:00+00:00"
    assert row.delivered_at == row.opened_at

    post(client, delivered(at="2026-11-20T09:59:00Z"))
    post(client, opened(at="2026-11-20T11:00:00Z"))

    row = lead1()
    assert row.delivered_at.isoformat() == "2026-11-20T09:59:00+00:00"
    assert row.opened_at.isoformat() == "2026-11-20T10:05:00+00:00"
    assert row.state == "sent"


def test_a_delivery_event_settles_a_row_left_uncertain_by_a_dead_worker(client, sent):
    Delivery.objects.filter(email="lead1@example.org").update(state="uncertain")

    post(client, delivered())

    assert lead1().state == "sent"


def test_a_click_counts_as_an_open_in_the_report(client, sent):
    from sending.engine import send_report

    post(
        client,
        {
            **opened(),
            "RecordType": "Click",
            "OriginalLink": "https://example.org/wrap",
            "ClickLocation": "HTML",
        },
    )

    report = send_report(sent)
    assert (report["delivered"], report["opened"], report["clicked"]) == (1, 1, 1)
    assert report["click_rate"] == pytest.approx(1 / 3)


def test_a_spam_complaint_suppresses_the_address(client, sent):
    payload = bounce(RecordType="SpamComplaint", Type="SpamComplaint", TypeCode=100001)

    assert post(client, payload).status_code == 200

    assert lead1().state == "complained"
    assert Suppression.objects.get(email="lead1@example.org").reason == "complaint"


def test_an_unsubscribe_reported_by_the_provider_unsubscribes_the_contact(client, sent):
    payload = {
        "RecordType": "SubscriptionChange",
        "MessageID": MESSAGE_ID,
        "ServerID": 23,
        "MessageStream": "outbound",
        "ChangedAt": "2026-11-20T10:10:00Z",
        "Recipient": "lead1@example.org",
        "Origin": "Recipient",
        "SuppressSending": True,
        "SuppressionReason": "ManualSuppression",
        "Tag": "",
        "Metadata": {},
    }

    assert post(client, payload).status_code == 200

    subscription = Subscription.objects.get(contact__email="lead1@example.org")
    assert subscription.status == "unsubscribed"
    assert ConsentEvent.objects.filter(
        contact__email="lead1@example.org", action="unsubscribed", topic="newsletter"
    ).exists()


def test_an_event_for_an_unknown_message_changes_nothing(client, sent):
    response = post(client, bounce(MessageID="00000000-0000-0000-0000-000000000000"))

    assert response.status_code == 200
    assert not Suppression.objects.exists() and not TrackingEvent.objects.exists()
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.parametrize(
    "body", [b"{not json", b"[]", b'"a string"', b"", b'{"RecordType": "Bounce", "Type": []}']
)
def test_a_garbage_body_is_refused_without_a_server_error_and_changes_nothing(client, sent, body):
    response = post(client, body)

    assert response.status_code == 400
    assert not Suppression.objects.exists() and not TrackingEvent.objects.exists()
    assert lead1().state == "sent"
