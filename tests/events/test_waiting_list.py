"""Waiting-list offers: the hold time, taking or turning down a place, expiry and hand-on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from events.actions import (
    RsvpRefused,
    accept_invitation,
    accept_offer,
    decline_invitation,
    decline_offer,
    expire_offers,
)
from events.links import make_rsvp_token
from events.models import Session
from tests.support.events import day, invite, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_day(db):
    """A day session of one place held by Hal, with Ann then Ben waiting."""
    event = make_event(day_capacity=1)
    people = {n: invite(event, person(n, "Example")) for n in ("Hal", "Ann", "Ben")}
    for name in ("Hal", "Ann", "Ben"):
        accept_invitation(people[name], [day(event).pk])
    return event, people


def booking(invitation):
    return invitation.bookings.get()


@override_settings(EVENTS_OFFER_HOLD_HOURS=24)
def test_a_freed_place_is_offered_by_email_and_held_for_the_configured_time(
    full_day, django_capture_on_commit_callbacks
):
    event, people = full_day
    with django_capture_on_commit_callbacks(execute=True):
        decline_invitation(people["Hal"])
    offered = booking(people["Ann"])
    assert offered.state == "offered"
    assert offered.offer_expires_at == pytest.approx(
        timezone.now() + timedelta(hours=24), abs=timedelta(minutes=1)
    )
    offers = [m for m in mail.outbox if m.subject.startswith("A place is free for you")]
    assert len(offers) == 1 and "ann.example@example.org" in offers[0].to[0]
    assert "Day session" in offers[0].body and "/offer/" in offers[0].body
    assert "/offer/" in offers[0].alternatives[0][0]


def test_taking_the_offered_place_confirms_it(full_day, client):
    event, people = full_day
    decline_invitation(people["Hal"])
    url = f"/rsvp/{make_rsvp_token(people['Ann'])}/offer/"
    client.post(url, {"identity": "yes"})
    page = client.post(url, {"booking": booking(people["Ann"]).pk, "choice": "take"})
    assert "is yours" in page.content.decode()
    assert booking(people["Ann"]).state == "confirmed"
    assert booking(people["Ben"]).state == "waiting"


def test_turning_down_an_offer_hands_it_to_the_next_person(full_day):
    event, people = full_day
    decline_invitation(people["Hal"])
    decline_offer(booking(people["Ann"]))
    assert booking(people["Ann"]).state == "cancelled"
    assert booking(people["Ben"]).state == "offered"


def test_an_unanswered_offer_lapses_goes_to_the_next_person_and_the_first_is_told(
    full_day, django_capture_on_commit_callbacks
):
    event, people = full_day
    decline_invitation(people["Hal"])
    assert expire_offers() == 0  # still within the hold time
    later = timezone.now() + timedelta(hours=49)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_offers(now=later) == 1
    lapsed = [m for m in mail.outbox if m.subject.startswith("The place we held has gone")]
    assert [m.to[0] for m in lapsed] == ["Ann Example <ann.example@example.org>"]
    assert "join the waiting list again" in lapsed[0].body and "/rsvp/" in lapsed[0].body
    offers = [m for m in mail.outbox if m.subject.startswith("A place is free for you")]
    assert [m.to[0] for m in offers] == ["Ben Example <ben.example@example.org>"]
    assert booking(people["Ann"]).state == "cancelled"
    ben = booking(people["Ben"])
    assert ben.state == "offered"
    assert ben.offer_expires_at == pytest.approx(
        later + timedelta(hours=48), abs=timedelta(minutes=1)
    )
    with pytest.raises(RsvpRefused, match="no longer open"):
        accept_offer(booking(people["Ann"]))
    assert expire_offers(now=later) == 0  # running the beat task again changes nothing


def test_someone_whose_offer_lapsed_can_queue_again_at_the_back(full_day):
    event, people = full_day
    decline_invitation(people["Hal"])
    expire_offers(now=timezone.now() + timedelta(hours=49))
    assert accept_invitation(people["Ann"], [day(event).pk]) == {day(event).pk: "waiting"}
    decline_invitation(people["Ben"])  # Ben had the offer; it goes to the next: Ann again
    assert booking(people["Ann"]).state == "offered"


def test_a_lapsed_offer_cannot_be_taken_even_before_the_beat_task_runs(full_day):
    event, people = full_day
    decline_invitation(people["Hal"])
    with pytest.raises(RsvpRefused):
        accept_offer(booking(people["Ann"]), now=timezone.now() + timedelta(hours=49))


def test_publishing_a_raised_capacity_offers_the_new_place_to_the_first_waiting(
    full_day, django_capture_on_commit_callbacks
):
    event, people = full_day
    mail.outbox.clear()
    Session.objects.filter(pk=day(event).pk).update(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert booking(people["Ann"]).state == "offered"
    assert booking(people["Ben"]).state == "waiting"
    assert booking(people["Hal"]).state == "confirmed"
    offers = [m for m in mail.outbox if m.subject.startswith("A place is free for you")]
    assert [m.to[0] for m in offers] == ["Ann Example <ann.example@example.org>"]


def test_lowering_a_capacity_takes_nobody_s_place(full_day):
    event, people = full_day
    Session.objects.filter(pk=day(event).pk).update(capacity=0)
    event.save_revision().publish()
    assert booking(people["Hal"]).state == "confirmed"
    assert booking(people["Ann"]).state == "waiting"
