"""Reminders to attendees before the event, chases to those who have not answered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from events.actions import accept_invitation, decline_invitation, send_reminders
from tests.support.events import day, invite, make_event, person

pytestmark = pytest.mark.django_db


def recipients(subject_start):
    return sorted(
        m.to[0].rsplit("<", 1)[-1].rstrip(">")
        for m in mail.outbox
        if m.subject.startswith(subject_start)
    )


@override_settings(EVENTS_REMINDER_DAYS_BEFORE=[7, 1], EVENTS_CHASE_DAYS_BEFORE_DEADLINE=[5])
def test_reminders_pick_the_right_people_once(django_capture_on_commit_callbacks):
    event = make_event()
    coming = invite(event, person("Cara", "Coming"))
    silent = invite(event, person("Sid", "Silent"))
    declined = invite(event, person("Dee", "Declined"))
    accept_invitation(coming, [day(event).pk])
    decline_invitation(declined)
    mail.outbox.clear()

    # Six days before the deadline: nothing due yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=event.rsvp_deadline - timedelta(days=6)) == {
            "attendee": 0,
            "chase": 0,
        }
    # Five days before the deadline: only the person who has not answered is chased.
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=event.rsvp_deadline - timedelta(days=5))
    assert recipients("Will you come?") == ["sid.silent@example.org"]
    chase = next(m for m in mail.outbox if m.subject.startswith("Will you come?"))
    assert "/rsvp/" in chase.body and "/rsvp/" in chase.alternatives[0][0]

    # Seven days before the event: the attendee is reminded, and only once.
    week_before = event.start_at - timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=week_before)
        send_reminders(now=week_before + timedelta(hours=1))
    assert recipients("Reminder:") == ["cara.coming@example.org"]
    reminder = next(m for m in mail.outbox if m.subject.startswith("Reminder:"))
    assert "Day session" in reminder.body and "Day session" in reminder.alternatives[0][0]
    assert "Step-free entrance" in reminder.body

    # The day before: a second reminder; nobody is chased after the deadline.
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=event.start_at - timedelta(days=1))
    assert recipients("Reminder:") == ["cara.coming@example.org"] * 2
    assert recipients("Will you come?") == ["sid.silent@example.org"]
    assert silent.reminders.count() == 1
