"""Accept, decline, change and withdraw; capacity and the waiting list."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.actions import RsvpRefused, accept_invitation, decline_invitation
from events.models import Booking, Invitation
from networks.actions import suppress_address
from networks.models import Suppression
from sending.models import Delivery
from tests.support.events import day, evening, invite, make_event, person

pytestmark = pytest.mark.django_db


def states(invitation):
    return {b.session.name: b.state for b in invitation.bookings.select_related("session")}


def test_a_prevent_lead_accepts_the_day_session_and_gets_a_confirmation(
    event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Priya", "Lead"))
    with django_capture_on_commit_callbacks(execute=True):
        result = accept_invitation(invitation, [day(event).pk], {"dietary": "Vegetarian"})
    assert result == {day(event).pk: "confirmed"}
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.dietary == "Vegetarian"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Priya Lead <priya.lead@example.org>"]
    assert "Your place is confirmed for:" in message.body and "Day session" in message.body
    html = message.alternatives[0][0]
    assert "Your place is confirmed for:" in html and "Day session" in html
    assert [a[0] for a in message.attachments] == ["event.ics"]
    # Sent by the engine: one tracked Delivery, with the .ics kept on the Send for a retry.
    delivery = Delivery.objects.select_related("send").get(email="priya.lead@example.org")
    assert delivery.state == Delivery.State.SENT
    assert delivery.send.subject == "Your place: Annual Prevent event"
    assert [a["filename"] for a in delivery.send.attachments] == ["event.ics"]
    assert message.extra_headers["Message-ID"] == delivery.provider_message_id


def test_a_suppressed_address_gets_no_confirmation_but_the_place_is_kept(
    event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Bea", "Bounced"))
    suppress_address("bea.bounced@example.org", Suppression.Reason.HARD_BOUNCE)
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [day(event).pk])
    assert states(invitation) == {"Day session": "confirmed"}
    assert mail.outbox == []
    delivery = Delivery.objects.get(email="bea.bounced@example.org")
    assert delivery.state == Delivery.State.FAILED
    assert "suppressed" in delivery.last_error


def test_a_volunteer_changes_from_the_day_to_the_evening_session(
    event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Vic", "Volunteer"))
    accept_invitation(invitation, [day(event).pk])
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [evening(event).pk])
    assert states(invitation) == {"Day session": "cancelled", "Evening session": "confirmed"}
    message = mail.outbox[-1]
    assert sorted(a[0] for a in message.attachments) == ["cancelled.ics", "event.ics"]
    assert "No longer booked:" in message.body


def test_declining_cancels_nothing_held_and_is_recorded(event):
    invitation = invite(event, person("Dan", "Decliner"))
    decline_invitation(invitation)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.DECLINED
    assert invitation.bookings.count() == 0


def test_withdrawing_frees_the_place_for_the_first_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    event = make_event(day_capacity=1)
    first = invite(event, person("Ann", "First"))
    second = invite(event, person("Ben", "Second"))
    third = invite(event, person("Cat", "Third"))
    accept_invitation(first, [day(event).pk])
    accept_invitation(second, [day(event).pk])
    accept_invitation(third, [day(event).pk])
    assert states(second) == {"Day session": "waiting"}
    with django_capture_on_commit_callbacks(execute=True):
        decline_invitation(first)
    first.refresh_from_db()
    assert first.state == Invitation.State.WITHDRAWN
    assert states(second) == {"Day session": "offered"}
    assert states(third) == {"Day session": "waiting"}
    offered = second.bookings.get()
    assert offered.offer_expires_at == pytest.approx(
        timezone.now() + timedelta(hours=48), abs=timedelta(minutes=1)
    )


def test_a_full_event_still_lets_people_decline_after_the_deadline():
    event = make_event(day_capacity=1, evening_capacity=1)
    holder = invite(event, person("Hal", "Holder"))
    accept_invitation(holder, [day(event).pk, evening(event).pk])
    event.rsvp_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    with pytest.raises(RsvpRefused, match="deadline"):
        accept_invitation(holder, [day(event).pk])
    decline_invitation(holder)
    holder.refresh_from_db()
    assert holder.state == Invitation.State.WITHDRAWN


def test_nobody_can_answer_once_the_event_has_started():
    event = make_event()
    invitation = invite(event, person("Late", "Comer"))
    later = event.start_at + timedelta(minutes=5)
    with pytest.raises(RsvpRefused, match="started"):
        accept_invitation(invitation, [day(event).pk], now=later)
    with pytest.raises(RsvpRefused, match="started"):
        decline_invitation(invitation, now=later)


def test_accepting_without_a_session_is_refused(event):
    invitation = invite(event, person("No", "Choice"))
    with pytest.raises(RsvpRefused, match="at least one"):
        accept_invitation(invitation, [])
    other = make_event(slug="other")
    with pytest.raises(RsvpRefused, match="at least one"):
        accept_invitation(invitation, [day(other).pk])


def test_capacity_counts_confirmed_and_offered_places():
    event = make_event(day_capacity=2)
    people = [invite(event, person(f"P{i}")) for i in range(4)]
    for invitation in people:
        accept_invitation(invitation, [day(event).pk])
    assert Booking.objects.filter(state="confirmed").count() == 2
    assert Booking.objects.filter(state="waiting").count() == 2


def test_the_answer_form_shows_session_times_in_london_time_in_summer():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from events.forms import RsvpForm

    may = make_event(start=datetime(2099, 5, 14, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    form = RsvpForm(invitation=invite(may, person("Sam", "Summer")))
    labels = [label for _value, label in form.fields["sessions"].choices]
    assert labels == ["Day session, 10:00 to 16:00", "Evening session, 18:00 to 20:30"]
