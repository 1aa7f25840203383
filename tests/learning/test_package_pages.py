"""Each level's package page lists its upcoming sessions with places left and a register
button; the home page's Events door lists them too; "who should take it" is the framework's."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Booking
from learning.framework import seed_framework
from learning.models import Expectation
from tests.support.learning import (
    booked,
    events_index,
    hub_home,
    package_page,
    person,
    training_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    home = hub_home()
    events_index(parent=home)
    return home


def test_the_level_2_page_lists_its_upcoming_sessions_with_places_left_and_register(home, client):
    level_2 = package_page(2)
    package_page(3)
    wrap = training_session(title="WRAP, Nuneaton", level=2, capacity=12)
    training_session(title="Train the trainer, Warwick", level=3)
    booked(wrap, person("Ann"))
    booked(wrap, person("Bob"), state=Booking.State.WAITING)  # waiting takes no place

    body = client.get(level_2.url).content.decode()

    assert "Upcoming sessions" in body
    assert "WRAP, Nuneaton" in body
    assert "11 places left." in body
    assert wrap.get_registration_url() in body
    assert "Train the trainer, Warwick" not in body


def test_a_full_session_offers_the_waiting_list_and_a_past_one_is_not_listed(home, client):
    level_2 = package_page(2)
    full = training_session(title="WRAP, Rugby (evening)", level=2, capacity=1)
    booked(full, person("Cat"))
    past_start = timezone.now() - dt.timedelta(days=30)
    training_session(title="WRAP last month", level=2, start=past_start)

    body = client.get(level_2.url).content.decode()

    assert "WRAP, Rugby (evening)" in body
    assert "Full: you can join the waiting list." in body
    assert "WRAP last month" not in body


def test_a_session_naming_another_package_page_is_listed_there_not_on_its_levels_page(home, client):
    level_1 = package_page(1)
    briefing_page = package_page(1, title="Employers' briefing", slug="employers")
    training_session(title="Employers' briefing, Leamington", level=1, package=briefing_page)

    assert "Employers&#x27; briefing, Leamington" in client.get(briefing_page.url).content.decode()
    assert "Leamington" not in client.get(level_1.url).content.decode()


def test_an_invitation_only_session_shows_no_register_button(home, client):
    level_3 = package_page(3)
    closed = training_session(title="Train the trainer", level=3, invited_only=True)

    body = client.get(level_3.url).content.decode()

    assert "By invitation." in body
    assert closed.get_registration_url() not in body


def test_who_should_take_it_comes_from_the_competency_framework(home, client):
    level_2 = package_page(2, audience="Old text on the page")
    seed_framework()

    body = client.get(level_2.url).content.decode()
    assert "School governors" in body
    assert "Frontline workers in a care and support role" in body
    assert "Old text on the page" not in body

    Expectation.objects.filter(audience="School governors").update(audience="Governors of schools")
    assert "Governors of schools" in client.get(level_2.url).content.decode()


def test_without_a_framework_line_the_page_keeps_its_own_text(home, client):
    level_2 = package_page(2, audience="Frontline staff (page text)")

    assert "Frontline staff (page text)" in client.get(level_2.url).content.decode()


def test_the_home_pages_events_door_lists_the_next_sessions(client):
    from cms.models import HomePage

    home = hub_home()
    index = events_index(parent=home)
    home = HomePage.objects.get(pk=home.pk)
    home.quick_links = [
        ("link", {"title": "Events", "description": "Sessions", "page": index, "url": ""})
    ]
    home.save_revision().publish()
    training_session(title="WRAP, Stratford", level=2, capacity=20)

    body = client.get("/").content.decode()

    assert "data-door-sessions" in body
    assert "WRAP, Stratford" in body
    assert "20 places left" in body


def test_the_events_index_lists_training_sessions(home, client):
    training_session(title="WRAP, Bedworth", level=2)

    assert "WRAP, Bedworth" in client.get(events_index().url).content.decode()
