"""After the event: a feedback email to those who attended, once, and its short form."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.actions import accept_invitation, check_in_booking, send_feedback_requests
from events.links import make_rsvp_token
from events.models import EventFeedback
from tests.support.events import day, invite, make_event, person

pytestmark = pytest.mark.django_db


def test_attendees_get_one_feedback_email_and_can_answer_after_the_event(
    client, django_capture_on_commit_callbacks
):
    event = make_event()
    came = invite(event, person("Priya", "Lead"))
    stayed_away = invite(event, person("Nia", "Noshow"))
    accept_invitation(came, [day(event).pk])
    accept_invitation(stayed_away, [day(event).pk])
    check_in_booking(came.bookings.get(), now=event.start_at)  # on the day
    event.start_at = timezone.now() - timedelta(hours=5)
    event.end_at = timezone.now() - timedelta(hours=1)
    event.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_feedback_requests() == 1
        assert send_feedback_requests() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "priya.lead@example.org" in message.to[0]
    assert "/feedback/" in message.body and "/feedback/" in message.alternatives[0][0]

    url = f"/rsvp/{make_rsvp_token(came)}/feedback/"
    client.post(url, {"identity": "yes"})
    error = client.post(url, {"comments": "More on online harms"}).content.decode()
    assert "Choose how useful the event was." in error and "More on online harms" in error
    done = client.post(url, {"usefulness": "5", "comments": "More on online harms"})
    assert "Your feedback on" in done.content.decode()
    assert EventFeedback.objects.get(invitation=came).usefulness == 5
    # The RSVP page itself is closed once the event is over.
    assert client.get(f"/rsvp/{make_rsvp_token(came)}/").status_code == 410
