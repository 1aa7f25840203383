"""Who an alert reaches, before it goes: the confirm page lists the people a confirm would reach
and counts who is left out and why (outside the alert's districts and not a partner among
them); the CSV is only for those who may send the alert."""

import uuid

import pytest
from django.core import mail

from networks.models import Contact, Segment, SegmentMember, Subscription, Suppression
from sending.models import Send
from tests.support.audience import left_out, listed
from tests.support.two_factor import verified_client

from .alert_support import make_alert, subscriber, tagged_segment


def send_url(alert):
    return f"/admin/alerts/send-alert/{alert.pk}/"


@pytest.fixture
def rugby_alert(districts):
    return make_alert([districts["Rugby"]])


@pytest.fixture
def both_districts(districts):
    return tagged_segment("Rugby and Warwick leads", [districts["Rugby"], districts["Warwick"]])


def confirm(client, alert, segment):
    data = {"segments": [segment.pk], "confirm": "1", "idempotency_key": uuid.uuid4().hex}
    return client.post(send_url(alert), data)


def test_the_alert_confirm_page_lists_who_it_reaches_and_who_is_left_out_and_why(
    officer_client,
    rugby_alert,
    people,
    both_districts,
    districts,
    django_capture_on_commit_callbacks,
):
    """Rosa was sent it by an earlier send; Wanda is in Warwick only, Ursula unsubscribed; Pat
    is not a partner; Sue's address is suppressed, Penny has not confirmed, Archie is archived:
    Reggie alone is listed, and the send then reaches Reggie alone."""
    rugby = districts["Rugby"]
    subscriber("pat@example.org", "Pat", rugby, partner=False)
    subscriber("sue@example.org", "Sue", rugby)
    Suppression.objects.create(email="sue@example.org", reason="complaint")
    subscriber("penny@example.org", "Penny", rugby)
    Subscription.objects.filter(contact__email="penny@example.org").update(status="pending")
    subscriber("archie@example.org", "Archie", rugby)
    Contact.objects.filter(email="archie@example.org").update(is_active=False)
    rosa_only = Segment.objects.create(name="Rosa", rules={})
    SegmentMember.objects.create(segment=rosa_only, contact=people["rosa"])
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(officer_client, rugby_alert, rosa_only).status_code == 302
    mail.outbox.clear()

    page = officer_client.post(send_url(rugby_alert), {"segments": [both_districts.pk]})
    html = page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(officer_client, rugby_alert, both_districts)

    send = Send.objects.filter(kind="alert").exclude(segments=rosa_only).get()
    assert listed(html) == ["reggie@example.org"]
    assert list(send.deliveries.values_list("email", flat=True)) == listed(html)
    assert left_out(html) == [
        "1 person: archived or erased",
        "1 person: suppressed (an address that bounced, complained or was blocked)",
        "1 person: unsubscribed from the topic",
        "1 person: not subscribed to the topic (never, or not yet confirmed)",
        "1 person: outside the alert&#x27;s districts",
        "1 person: not a partner (the page is for partners only)",
        "1 person: already sent it by an earlier send",
    ]
    row = html.split("<td>reggie@example.org</td>", 1)[1].split("</tr>", 1)[0]
    assert "Rugby Partner School" in row and "Rugby" in row and "Rugby and Warwick leads" in row
    assert "1 person has already been sent this alert by an earlier send" in html


def test_the_alert_csv_lists_the_same_people(officer_client, rugby_alert, people, both_districts):
    response = officer_client.post(
        send_url(rugby_alert), {"segments": [both_districts.pk], "audience_csv": "1"}
    )

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "Name,Email,Organisation,Districts,Segments"
    assert [line.split(",")[1] for line in lines[1:]] == ["reggie@example.org", "rosa@example.org"]
    assert "no-store" in response["Cache-Control"]
    assert not Send.objects.filter(kind="alert").exists()


def test_the_alert_csv_is_refused_to_a_responder_who_may_not_send(
    client, rugby_responder, rugby_alert, people, districts
):
    rugby_only = tagged_segment("Rugby leads", [districts["Rugby"]])
    verified_client(client, rugby_responder)

    response = client.post(
        send_url(rugby_alert), {"segments": [rugby_only.pk], "audience_csv": "1"}
    )

    assert response.status_code == 404
    assert "rosa@example.org" not in response.content.decode()
