"""Forged, replayed and unauthenticated tracking webhooks, on every ESP endpoint anymail offers:
no state change and no server error. Only the configured ESP's endpoint is live, and only with
ANYMAIL_WEBHOOK_SECRET set; a Message-ID guessed from the send and delivery ids matches nothing."""

import base64
import json

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from networks.models import ConsentEvent, Subscription, Suppression
from sending.engine import create_send, start_send
from sending.models import Delivery, TrackingEvent
from tests.support.sending import CONTENT, make_audience

pytestmark = pytest.mark.django_db

SECRET = "hooks:a-long-random-webhook-password"
GOOD_AUTH = "Basic " + base64.b64encode(SECRET.encode()).decode()
FORGED_AUTH = "Basic " + base64.b64encode(b"hooks:guessed").decode()
# Every tracking endpoint (anymail's 14 ESP URLs, Mandrill's two), with the backend naming it.
ENDPOINTS = {
    "amazon_ses/tracking/": "anymail.backends.amazon_ses.EmailBackend",
    "brevo/tracking/": "anymail.backends.brevo.EmailBackend",
    "mailersend/tracking/": "anymail.backends.mailersend.EmailBackend",
    "mailgun/tracking/": "anymail.backends.mailgun.EmailBackend",
    "mailjet/tracking/": "anymail.backends.mailjet.EmailBackend",
    "mailtrap/tracking/": "anymail.backends.mailtrap.EmailBackend",
    "mandrill/": "anymail.backends.mandrill.EmailBackend",
    "mandrill/tracking/": "anymail.backends.mandrill.EmailBackend",
    "postal/tracking/": "anymail.backends.postal.EmailBackend",
    "postmark/tracking/": "anymail.backends.postmark.EmailBackend",
    "resend/tracking/": "anymail.backends.resend.EmailBackend",
    "sendgrid/tracking/": "anymail.backends.sendgrid.EmailBackend",
    "sendinblue/tracking/": "anymail.backends.sendinblue.EmailBackend",
    "sparkpost/tracking/": "anymail.backends.sparkpost.EmailBackend",
    "unisender_go/tracking/": "anymail.backends.unisender_go.EmailBackend",
}
INBOUND = ["postmark/inbound/", "mailgun/inbound/", "sendgrid/inbound/", "sparkpost/inbound/"]
POSTMARK = "anymail.backends.postmark.EmailBackend"


@pytest.fixture
def delivered(django_capture_on_commit_callbacks, settings):
    """One newsletter copy sent (in memory) to lead0, a subscribed contact."""
    send = create_send(content=CONTENT, topic="newsletter", segments=[make_audience(1)])
    with django_capture_on_commit_callbacks(execute=True):
        start_send(send)
    return Delivery.objects.get(send=send)


def postmark_bounce(message_id, email="lead0@example.org", event_id=1):
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": "HardBounce",
        "MessageID": message_id,
        "Email": email,
        "BouncedAt": "2026-11-20T10:00:00Z",
        "Description": "unknown user",
    }


def postmark_unsubscribe(message_id):
    return {
        "RecordType": "SubscriptionChange",
        "MessageID": message_id,
        "ChangedAt": "2026-11-20T10:10:00Z",
        "Recipient": "lead0@example.org",
        "SuppressSending": True,
    }


def post(client, url, payload, auth=None):
    body = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    extra = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(f"/anymail/{url}", body, content_type="application/json", **extra)


def assert_nothing_changed(delivery):
    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert not Suppression.objects.exists()
    assert not TrackingEvent.objects.exists()
    assert Subscription.objects.get(contact__email="lead0@example.org").status == "subscribed"


def test_without_a_webhook_secret_every_endpoint_is_switched_off(client, delivered, settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {k: v for k, v in settings.ANYMAIL.items() if k != "WEBHOOK_SECRET"}
    message_id = delivered.provider_message_id

    for url in [*ENDPOINTS, *INBOUND]:
        for payload in (postmark_bounce(message_id), postmark_unsubscribe(message_id)):
            assert post(client, url, payload).status_code == 404, url

    assert_nothing_changed(delivered)


def test_only_the_configured_esps_endpoint_is_live(client, delivered, settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    bounce = postmark_bounce(delivered.provider_message_id)

    for url in [*ENDPOINTS, *INBOUND]:
        if url != "postmark/tracking/":
            assert post(client, url, bounce, auth=GOOD_AUTH).status_code == 404, url
    assert_nothing_changed(delivered)

    assert post(client, "postmark/tracking/", bounce, auth=GOOD_AUTH).status_code == 200
    delivered.refresh_from_db()
    assert delivered.state == "bounced"


def test_smtp_and_file_backends_have_no_live_webhook(client, delivered, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    bounce = postmark_bounce(delivered.provider_message_id)
    for backend in ("django.core.mail.backends.smtp.EmailBackend", "cms.mail.EmlFileBackend"):
        settings.EMAIL_BACKEND = backend
        assert post(client, "postmark/tracking/", bounce, auth=GOOD_AUTH).status_code == 404

    assert_nothing_changed(delivered)


@pytest.mark.parametrize("url", list(ENDPOINTS))
def test_forged_and_unauthenticated_posts_to_the_configured_esp_change_nothing(
    client, delivered, settings, url
):
    settings.EMAIL_BACKEND = ENDPOINTS[url]
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    bounce = postmark_bounce(delivered.provider_message_id)
    attempts = [
        post(client, url, bounce),
        post(client, url, bounce, auth=FORGED_AUTH),
        post(client, url, b"{not json", auth=FORGED_AUTH),
        # Authenticated garbage: refused (400) or, for an ESP missing its own signing
        # settings, switched off (404); never a server error.
        post(client, url, b"{not json", auth=GOOD_AUTH),
        post(client, url, "[]", auth=GOOD_AUTH),
    ]

    codes = [response.status_code for response in attempts]
    assert all(code in (400, 403, 404) for code in codes[:3]), codes
    assert all(code < 500 for code in codes), codes
    assert_nothing_changed(delivered)


def test_a_replayed_event_has_no_second_effect(client, delivered, settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    bounce = postmark_bounce(delivered.provider_message_id, event_id=77)

    for _ in range(3):
        assert post(client, "postmark/tracking/", bounce, auth=GOOD_AUTH).status_code == 200

    assert TrackingEvent.objects.count() == 1
    assert Suppression.objects.filter(email="lead0@example.org").count() == 1
    history = ConsentEvent.objects.filter(contact__email="lead0@example.org", action="suppressed")
    assert history.count() == 1


def test_a_message_id_guessed_from_the_ids_matches_nothing(client, delivered, settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    guessed = f"<ph.{delivered.send_id}.{delivered.pk}@localhost>"
    real = delivered.provider_message_id

    assert real.startswith(f"<ph.{delivered.send_id}.{delivered.pk}.")
    assert len(real.split("@")[0].split(".")[-1]) >= 20
    for candidate in (guessed, guessed.strip("<>")):
        response = post(client, "postmark/tracking/", postmark_unsubscribe(candidate), GOOD_AUTH)
        assert response.status_code == 200
    assert_nothing_changed(delivered)

    # The real id, as the ESP reports it (without angle brackets), still finds the delivery.
    post(client, "postmark/tracking/", postmark_unsubscribe(real.strip("<>")), GOOD_AUTH)
    assert Subscription.objects.get(contact__email="lead0@example.org").status == "unsubscribed"


def test_check_deploy_reports_an_esp_without_a_webhook_secret(settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {k: v for k, v in settings.ANYMAIL.items() if k != "WEBHOOK_SECRET"}

    with pytest.raises(SystemCheckError, match="ANYMAIL_WEBHOOK_SECRET"):
        call_command("check", "--deploy", "--tag", "security")

    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")
