"""The confirmation path for real: an answer committed on PostgreSQL, the task through Redis to
a Celery worker, the engine's fast SMTP path to a sink, and the .ics in the message received."""

import email
from email import policy

import pytest
from icalendar import Calendar

from events.actions import accept_invitation
from sending.models import Delivery
from tests.support.events import day, invite, make_event, person
from tests.support.sending import SmtpSink, smtp_worker_env
from tests.support.worker import wait_for

pytestmark = pytest.mark.worker


def test_a_confirmation_with_its_ics_reaches_the_invitee_through_a_real_worker(
    celery_worker_process,
):
    smtp = SmtpSink().start()
    try:
        celery_worker_process.start("w1", env=smtp_worker_env(smtp))
        event = make_event()
        invitation = invite(event, person("Priya", "Lead"))
        accept_invitation(invitation, [day(event).pk])
        wait_for(
            lambda: Delivery.objects.filter(email="priya.lead@example.org", state="sent").exists(),
            timeout=60,
            message="confirmation sent",
        )
        (raw,) = smtp.messages
    finally:
        smtp.stop()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "Your place: Annual Prevent event"
    assert "Your place is confirmed for:" in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "event.ics"
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Annual Prevent event: Day session"
    ]
