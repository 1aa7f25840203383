"""Check-in opens on the event's days only (London dates): before, the screen says when it opens
and a check-in changes nothing; late check-ins are taken until the end of the last day."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from events.actions import CheckInClosed, accept_invitation, check_in_booking
from events.models import Session
from tests.support.events import LONDON, day, invite, make_event, move_to_day, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya_booked(event):
    invitation = invite(event, person("Priya", "Lead"))
    accept_invitation(invitation, [day(event).pk])
    return invitation.bookings.get()


def _check_in(client, event, booking):
    return client.post(
        reverse("events_admin:mark_attended", args=[event.pk, booking.pk]),
        {"attended": "1"},
        follow=True,
    )


def test_five_months_before_the_event_check_in_says_when_it_opens_and_changes_nothing(
    client, coordinator, priya_booked
):
    event = move_to_day(priya_booked.session.event, 150)
    client.force_login(coordinator)
    opens = f"Check-in opens on {event.start_at.astimezone(LONDON):%A %-d %B %Y}"

    page = client.get(reverse("events_admin:check_in", args=[event.pk])).content.decode()
    assert opens in page
    assert "Priya Lead" in page and "Mark attended" not in page

    response = _check_in(client, event, priya_booked)

    html = response.content.decode()
    assert "Priya Lead was not checked in." in html and opens in html
    assert "Priya Lead: attended" not in html
    priya_booked.refresh_from_db()
    assert priya_booked.checked_in_at is None


def test_the_day_before_is_still_too_early(client, coordinator, priya_booked):
    event = move_to_day(priya_booked.session.event, 1)
    client.force_login(coordinator)

    _check_in(client, event, priya_booked)

    priya_booked.refresh_from_db()
    assert priya_booked.checked_in_at is None


def test_on_the_day_the_coordinator_checks_people_in(client, coordinator, priya_booked):
    event = move_to_day(priya_booked.session.event)
    client.force_login(coordinator)

    page = client.get(reverse("events_admin:check_in", args=[event.pk])).content.decode()
    assert "Mark attended" in page and "Check-in opens" not in page
    response = _check_in(client, event, priya_booked)

    assert "Priya Lead: attended." in response.content.decode()
    priya_booked.refresh_from_db()
    assert priya_booked.checked_in_at is not None


def test_the_day_after_check_in_has_closed_but_a_mistake_can_still_be_undone(
    client, coordinator, priya_booked
):
    event = move_to_day(priya_booked.session.event)
    nia = invite(event, person("Nia", "Late"))
    nia_booking = nia.bookings.create(session=day(event), state="confirmed")
    check_in_booking(priya_booked)
    event = move_to_day(event, -1)
    client.force_login(coordinator)

    response = _check_in(client, event, nia_booking)

    html = response.content.decode()
    closed = f"Check-in closed at the end of {event.end_at.astimezone(LONDON):%A %-d %B %Y}"
    assert closed in html and "Nia Late was not checked in." in html
    nia_booking.refresh_from_db()
    assert nia_booking.checked_in_at is None
    client.post(
        reverse("events_admin:mark_attended", args=[event.pk, priya_booked.pk]), {"attended": "0"}
    )
    priya_booked.refresh_from_db()
    assert priya_booked.checked_in_at is None


def test_the_days_are_london_dates_from_the_first_session_to_the_last():
    event = make_event(start=datetime(2026, 5, 14, 10, 0, tzinfo=LONDON))
    # A second day: the evening session ends after midnight UTC+1, on the 16th in London.
    Session.objects.filter(event=event, name="Evening session").update(
        start_at=datetime(2026, 5, 15, 22, 0, tzinfo=LONDON),
        end_at=datetime(2026, 5, 16, 0, 30, tzinfo=LONDON),
    )
    booking = invite(event, person("Omar", "Lead")).bookings.create(
        session=day(event), state="confirmed"
    )
    late_on_the_13th = datetime(2026, 5, 13, 23, 59, tzinfo=LONDON)
    early_on_the_14th = datetime(2026, 5, 14, 0, 1, tzinfo=LONDON)  # 23:01 on the 13th in UTC

    with pytest.raises(CheckInClosed, match="opens on Thursday 14 May 2026"):
        check_in_booking(booking, now=late_on_the_13th)
    assert check_in_booking(booking, now=early_on_the_14th).checked_in_at == early_on_the_14th
    check_in_booking(booking, attended=False)
    assert check_in_booking(booking, now=datetime(2026, 5, 16, 23, 0, tzinfo=LONDON))
    check_in_booking(booking, attended=False)
    with pytest.raises(CheckInClosed, match="closed at the end of Saturday 16 May 2026"):
        check_in_booking(booking, now=datetime(2026, 5, 17, 0, 1, tzinfo=LONDON))
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_checking_in_twice_on_the_day_keeps_the_first_time(priya_booked):
    event = priya_booked.session.event
    start = event.start_at
    first = check_in_booking(priya_booked, now=start).checked_in_at
    assert check_in_booking(priya_booked, now=start + timedelta(hours=1)).checked_in_at == first
