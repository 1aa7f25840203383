"""Sending an alert again to people already sent it: only those still in its audience (its
districts, subscribed, partners), the list exactly the re-send's deliveries, the reason audited;
only those who may send the alert may send it again."""

import uuid

import pytest
from django.core import mail

from alerts.models import AuditEntry
from sending.models import Send
from tests.support.audience import listed
from tests.support.two_factor import verified_client

from .alert_support import make_alert, tagged_segment

REASON = "Updated advice from the police: report new stickers on 101."


def url(alert, again=True):
    return f"/admin/alerts/send-alert/{alert.pk}/{'again/' if again else ''}"


@pytest.fixture
def sent_alert(officer_client, people, districts, django_capture_on_commit_callbacks):
    """The Rugby alert, sent by the police officer to Rosa and Reggie."""
    alert = make_alert([districts["Rugby"]])
    segment = tagged_segment("Rugby and Warwick leads", [districts["Rugby"], districts["Warwick"]])
    data = {"segments": [segment.pk], "confirm": "1", "idempotency_key": uuid.uuid4().hex}
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url(alert, again=False), data)
    mail.outbox.clear()
    return alert


def test_the_alert_goes_again_only_to_people_still_in_its_districts(
    officer_client, sent_alert, people, districts, django_capture_on_commit_callbacks
):
    people["reggie"].districts.set([districts["Warwick"]])  # moved away since

    check = officer_client.post(url(sent_alert), {"who": "all", "reason": REASON, "generation": 1})
    html = check.content.decode()
    again = listed(html)
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(
            url(sent_alert), {**dict(check.context["carried"]), "confirm": "1"}
        )

    assert "1 person: outside the alert&#x27;s districts" in html
    assert again == ["rosa@example.org"]
    resend = Send.objects.get(kind="alert", resend_generation=1)
    assert list(resend.deliveries.values_list("email", flat=True)) == again
    assert [m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox] == again
    # The police officer does not open the Sends screens: back to the alert.
    assert done.url == f"/admin/pages/{sent_alert.pk}/edit/"
    audit = AuditEntry.objects.get(action="alerts.alert.resent")
    assert audit.detail["send"] == resend.pk and resend.resend_reason == REASON


def test_only_who_may_send_the_alert_may_send_it_again(client, rugby_responder, sent_alert):
    verified_client(client, rugby_responder)  # a responder without "Can send alerts"

    answers = [
        client.get(url(sent_alert)),
        client.post(url(sent_alert), {"who": "all", "reason": REASON, "generation": 1}),
    ]

    assert [a.status_code for a in answers] == [404, 404]
    assert not Send.objects.filter(resend_generation__gt=0).exists() and not mail.outbox
