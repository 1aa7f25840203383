"""Refresher reminders: a person is told before their training expires (60 and 14 days before),
once per completion and threshold, with the next sessions of that level in their district;
never after they book or renew, never an address that may not be mailed, never someone
without a contact; the day is the partnership's (Europe/London) day."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.sites import page_url
from events.models import Booking
from learning.actions import send_refresher_reminders
from learning.models import RefresherReminder
from networks.models import Suppression
from sending.models import Delivery, Send
from tests.support.learning import (
    booked,
    completion,
    district,
    events_index,
    hub_home,
    organisation,
    person,
    training_session,
)

pytestmark = pytest.mark.django_db
UTC = dt.UTC

# A WRAP on 15 June 2023 is in date until 15 June 2026 (three years, the default).
TAKEN = dt.date(2023, 6, 15)
EXPIRES = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def thresholds(settings):
    settings.LEARNING_REMINDER_DAYS = [60, 14]


@pytest.fixture
def rugby():
    return district("Rugby")


@pytest.fixture
def wendy(rugby):
    council = organisation("Rugby Borough Council", districts=[rugby])
    contact = person("Wendy", "Worker", organisation=council, districts=[rugby])
    completion(2, TAKEN, contact=contact, organisation=council, district=rugby)
    return contact


def run(capture, on=None) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        send_refresher_reminders(on=on)
    return sorted(m.to[0].rsplit("<", 1)[-1].rstrip(">") for m in mail.outbox)


@contextmanager
def at(moment):
    """Django's clock at `moment` (an aware datetime)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def test_the_reminders_go_on_their_days_and_by_the_partnerships_clock_in_summer_time(
    wendy, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sixty_before = EXPIRES - dt.timedelta(days=60)
    assert run(capture, sixty_before - dt.timedelta(days=1)) == []  # 61 days: not yet
    assert run(capture, sixty_before) == ["wendy.worker@example.org"]
    assert run(capture, sixty_before) == []  # beat again the same day: nothing
    assert run(capture, sixty_before + dt.timedelta(days=1)) == []  # that threshold is done

    # 14 days before is 1 June 2026, a day in British Summer Time: at 23:30 on 31 May in London
    # (22:30 UTC) it is not yet due; at 00:30 on 1 June (23:30 UTC, still 31 May in UTC) it is.
    with at(dt.datetime(2026, 5, 31, 22, 30, tzinfo=UTC)):
        assert run(capture) == []
    with at(dt.datetime(2026, 5, 31, 23, 30, tzinfo=UTC)):
        assert run(capture) == ["wendy.worker@example.org"]

    assert run(capture, EXPIRES - dt.timedelta(days=1)) == []  # both thresholds sent
    assert run(capture, EXPIRES) == []  # expired today: no longer a reminder's business
    rows = RefresherReminder.objects.order_by("threshold_days")
    assert [(r.threshold_days, r.expires_on) for r in rows] == [(14, EXPIRES), (60, EXPIRES)]


def test_a_reminder_missed_while_beat_was_down_goes_at_the_threshold_it_has_reached(
    wendy, django_capture_on_commit_callbacks
):
    # First run 10 days before expiry: only the 14-day reminder, not the 60-day one late too.
    assert run(django_capture_on_commit_callbacks, EXPIRES - dt.timedelta(days=10)) == [
        "wendy.worker@example.org"
    ]
    assert list(RefresherReminder.objects.values_list("threshold_days", flat=True)) == [14]


def test_the_reminder_says_why_it_came_and_lists_the_sessions_of_the_level_in_the_district(
    wendy, rugby, django_capture_on_commit_callbacks
):
    warwick = district("Warwick")
    events_index(hub_home())  # the sessions' pages are on the site
    here = training_session(title="WRAP Rugby", level=2, district=rugby, days_ahead=20)
    training_session(title="WRAP Warwick", level=2, district=warwick, days_ahead=21)
    training_session(title="WRAP online", level=2, online_link="https://meet.example/x")
    training_session(title="Train the trainer Rugby", level=3, district=rugby)

    run(django_capture_on_commit_callbacks, EXPIRES - dt.timedelta(days=60))

    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert message.subject == (
        "Your Prevent training expires on 15 June 2026: Level 2: WRAP face-to-face workshop"
    )
    for part in (message.body, html):
        assert "Dear Wendy," in part
        assert "Level 2: WRAP face-to-face workshop" in part
        assert "completed on 15 June 2023" in part
        assert "expires on" in part and "15 June 2026" in part
        assert "WRAP Rugby" in part and "WRAP online" in part
        assert "WRAP Warwick" not in part and "Train the trainer" not in part
        assert page_url(here) + "register/" in part
        assert "60 and 14 days before a course expires" in part
        assert "{{" not in part
    # A service message: no bulk unsubscribe; one Send for the level and district, logged.
    assert "List-Unsubscribe" not in message.extra_headers
    send = Send.objects.get()
    assert (send.kind, send.topic) == ("notification", "")
    assert RefresherReminder.objects.get().send == send
    assert Delivery.objects.get(send=send).contact == wendy


def test_once_per_person_per_threshold_and_never_after_they_book_or_renew(
    rugby, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    council = organisation("Rugby Borough Council", districts=[rugby])
    due = {}
    for name in ["Wendy", "Bob", "Rita", "Hal", "Sue"]:
        due[name] = person(name, "Due", organisation=council, districts=[rugby])
        completion(2, TAKEN, contact=due[name], organisation=council)
    # Bob has a place at a WRAP session to come; Rita renewed her WRAP last year; Hal took
    # level 3 since (a higher level renews it); Sue's address bounced.
    session = training_session(title="WRAP", level=2, district=rugby)
    bob_place = booked(session, due["Bob"])
    completion(2, dt.date(2025, 6, 1), contact=due["Rita"], organisation=council)
    completion(3, dt.date(2024, 1, 10), contact=due["Hal"], organisation=council)
    Suppression.objects.create(email="sue.due@example.org", reason="bounced")
    # Somebody imported without a contact has never agreed to be mailed.
    completion(2, TAKEN, email="pat@staff.example", person_name="Pat", organisation=council)
    # On the waiting list is not a place.
    waiting = person("Walt", "Due", organisation=council, districts=[rugby])
    completion(2, TAKEN, contact=waiting, organisation=council)
    booked(session, waiting, state=Booking.State.WAITING)

    day = EXPIRES - dt.timedelta(days=60)
    assert run(capture, day) == ["walt.due@example.org", "wendy.due@example.org"]
    assert run(capture, day) == []

    # Bob gives up his place: the next run reminds him (the threshold he has reached).
    bob_place.state = Booking.State.CANCELLED
    bob_place.save()
    assert run(capture, day + dt.timedelta(days=1)) == ["bob.due@example.org"]
    # Wendy renews before the 14-day reminder: nothing more for her.
    completion(2, EXPIRES - dt.timedelta(days=20), contact=due["Wendy"], organisation=council)
    assert run(capture, EXPIRES - dt.timedelta(days=14)) == [
        "bob.due@example.org",
        "walt.due@example.org",
    ]
    assert RefresherReminder.objects.filter(contact=due["Wendy"]).count() == 1


def test_the_database_holds_one_reminder_per_completion_and_threshold(
    wendy, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, EXPIRES - dt.timedelta(days=60))
    row = RefresherReminder.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        RefresherReminder.objects.create(
            completion=row.completion,
            contact=wendy,
            level=2,
            completed_on=TAKEN,
            expires_on=EXPIRES,
            threshold_days=60,
        )
    # A row claimed by another run (its send still being made) is not sent a second time.
    RefresherReminder.objects.update(send=None)
    assert run(django_capture_on_commit_callbacks, EXPIRES - dt.timedelta(days=59)) == []


def test_erasure_stops_the_reminders_and_removes_them(
    wendy, coordinator, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(capture, EXPIRES - dt.timedelta(days=60))
    client.force_login(coordinator)
    data = client.get(reverse("networks_admin:subject_access", args=[wendy.pk])).json()
    assert data["training_completions"][0]["expires_on"] == "2026-06-15"
    assert [r["days_before"] for r in data["training_refresher_reminders"]] == [60]

    client.post(reverse("networks_admin:erase", args=[wendy.pk]))

    assert not RefresherReminder.objects.exists()
    assert run(capture, EXPIRES - dt.timedelta(days=14)) == []


def test_beat_runs_the_reminders_and_the_lists(settings):
    from learning import tasks

    entries = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries[tasks.send_refresher_reminders.name] == 6 * 3600.0
    assert entries[tasks.send_due_lists.name] == 6 * 3600.0
