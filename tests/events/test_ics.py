"""The confirmation's iCalendar attachment: valid, Europe/London times, stable UID, updates."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from events.actions import accept_invitation, decline_invitation
from tests.support.events import day, evening, invite, make_event, person

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def calendar(message, name):
    data = {a[0]: a[1] for a in message.attachments}[name]
    return Calendar.from_ical(data)


@pytest.fixture
def may_event(db):
    # 14 May 2099: British Summer Time, so 10:00 London is 09:00 UTC.
    return make_event(start=datetime(2099, 5, 14, 10, 0, tzinfo=LONDON))


def test_the_ics_has_both_sessions_at_london_times_with_the_timezone(
    may_event, django_capture_on_commit_callbacks
):
    invitation = invite(may_event, person("Priya", "Lead"))
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [day(may_event).pk, evening(may_event).pk])
    cal = calendar(mail.outbox[-1], "event.ics")
    assert cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "Annual Prevent event: Day session",
        "Annual Prevent event: Evening session",
    ]
    start = events[0].decoded("DTSTART")
    assert start == datetime(2099, 5, 14, 10, 0, tzinfo=LONDON)
    assert start.utcoffset().total_seconds() == 3600
    assert events[0]["DTSTART"].params["TZID"] == "Europe/London"
    assert events[1].decoded("DTEND") == datetime(2099, 5, 14, 20, 30, tzinfo=LONDON)
    raw = dict(mail.outbox[-1].attachments[i][:2] for i in range(1))["event.ics"]
    raw = raw.decode() if isinstance(raw, bytes) else raw
    assert "DTSTART;TZID=Europe/London:20990514T100000" in raw
    assert "BEGIN:VTIMEZONE" in raw and "County Hall" in raw
    assert all(e["SEQUENCE"] == 0 for e in events)


def test_a_change_sends_an_update_with_the_same_uid_and_a_higher_sequence_and_a_cancel(
    may_event, django_capture_on_commit_callbacks
):
    invitation = invite(may_event, person("Priya", "Lead"))
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [day(may_event).pk])
    first = calendar(mail.outbox[-1], "event.ics").walk("VEVENT")[0]
    with django_capture_on_commit_callbacks(execute=True):
        decline_invitation(invitation)
    cancel = calendar(mail.outbox[-1], "cancelled.ics")
    assert cancel["METHOD"] == "CANCEL"
    gone = cancel.walk("VEVENT")[0]
    assert gone["UID"] == first["UID"]
    assert gone["SEQUENCE"] > first["SEQUENCE"]
    assert gone["STATUS"] == "CANCELLED"
    assert "event.ics" not in [a[0] for a in mail.outbox[-1].attachments]
    assert "You told us" not in mail.outbox[-1].body
    assert "not coming" in mail.outbox[-1].body
    assert "not coming" in mail.outbox[-1].alternatives[0][0]


def test_a_waiting_list_place_gets_no_calendar_entry(django_capture_on_commit_callbacks):
    event = make_event(day_capacity=0)
    invitation = invite(event, person("Wendy", "Waiting"))
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [day(event).pk])
    message = mail.outbox[-1]
    assert message.attachments == []
    assert "You are on the waiting list for:" in message.body
    assert "You are on the waiting list for:" in message.alternatives[0][0]
