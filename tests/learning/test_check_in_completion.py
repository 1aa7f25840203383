"""Attendance is take-up: checking a person in at a training session records their completion."""

import pytest
from django.urls import reverse

from events.actions import check_in_booking
from learning.models import Completion
from tests.support.learning import (
    booked,
    district,
    organisation,
    person,
    training_session,
)
from tests.support.learning import (
    events_index as make_events_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rugby():
    return district("Rugby")


@pytest.fixture
def wrap(rugby):
    return training_session(title="WRAP, Rugby", level=2, days_ahead=0)  # on the day


@pytest.fixture
def governor(rugby):
    school = organisation("Ashlawn School", sector="education", districts=[rugby])
    return person("Gita", "Governor", organisation=school, districts=[rugby])


def test_checking_a_person_in_records_one_completion_with_where_they_work(
    wrap, governor, rugby, coordinator, client
):
    booking = booked(wrap, governor)
    client.force_login(coordinator)

    response = client.post(
        reverse("events_admin:mark_attended", args=[wrap.pk, booking.pk]), {"attended": "1"}
    )

    assert response.status_code == 302
    completion = Completion.objects.get()
    assert completion.contact == governor
    assert completion.level == 2
    assert completion.session == wrap
    assert completion.organisation.name == "Ashlawn School"
    assert completion.sector == "education"
    assert completion.district == rugby
    assert completion.completed_on == wrap.start_at.astimezone(completion_tz()).date()
    assert completion.source == Completion.Source.ATTENDANCE


def completion_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def test_checking_in_twice_is_still_one_completion(wrap, governor, coordinator, client):
    booking = booked(wrap, governor)
    client.force_login(coordinator)
    url = reverse("events_admin:mark_attended", args=[wrap.pk, booking.pk])

    client.post(url, {"attended": "1"})
    client.post(url, {"attended": "1"})
    check_in_booking(booking)

    assert Completion.objects.filter(contact=governor).count() == 1


def test_undoing_a_check_in_removes_its_completion_and_a_new_one_records_it_again(
    wrap, governor, coordinator, client
):
    booking = booked(wrap, governor)
    client.force_login(coordinator)
    url = reverse("events_admin:mark_attended", args=[wrap.pk, booking.pk])

    client.post(url, {"attended": "1"})
    client.post(url, {"attended": "0"})
    assert not Completion.objects.exists()

    client.post(url, {"attended": "1"})
    assert Completion.objects.count() == 1


def test_checking_in_at_the_annual_event_records_no_completion(governor, coordinator, client):
    import datetime as dt

    from events.models import EventPage, Session
    from tests.support.learning import LONDON

    index = make_events_index()
    from django.utils import timezone

    today = timezone.localdate()
    start = dt.datetime(today.year, today.month, today.day, 9, 30, tzinfo=LONDON)
    event = EventPage(
        title="Annual event",
        slug="annual",
        start_at=start,
        end_at=start + dt.timedelta(hours=6),
        venue="Shire Hall",
        rsvp_deadline=start - dt.timedelta(days=14),
    )
    index.add_child(instance=event)
    Session.objects.create(
        event=event, name="Day", start_at=start, end_at=event.end_at, capacity=10
    )
    booking = booked(event, governor)
    client.force_login(coordinator)

    client.post(reverse("events_admin:mark_attended", args=[event.pk, booking.pk]))

    assert not Completion.objects.exists()


def test_the_training_session_editor_offers_the_event_tools(wrap, coordinator, client):
    client.force_login(coordinator)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[wrap.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("events_admin:check_in", args=[wrap.pk]) in body
    assert reverse("events_admin:invite", args=[wrap.pk]) in body


def test_a_training_session_can_be_added_under_the_events_index(coordinator, client):
    index = make_events_index()
    client.force_login(coordinator)

    response = client.get(
        reverse("wagtailadmin_pages:add", args=["learning", "trainingsessionpage", index.pk])
    )

    assert response.status_code == 200
    assert "Learning and development" in response.content.decode()
