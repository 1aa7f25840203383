"""A session with no places left says "Full — join the waiting list" on its event's page, on the
events list and in the site search, where each event shows its date and place."""

import re

import pytest

from events.actions import accept_invitation
from tests.support.events import LONDON, day, invite, make_event, move_to_day, person
from tests.support.learning import booked, events_index, hub_home, training_session

pytestmark = pytest.mark.django_db

FULL = "Full — join the waiting list"


@pytest.fixture
def index():
    return events_index(parent=hub_home())


@pytest.fixture
def full_day(index):
    """The annual event, its day session taken by Hal, its evening session open."""
    event = make_event(day_capacity=1, title="Annual Prevent conference")
    accept_invitation(invite(event, person("Hal", "Held")), [day(event).pk])
    return event


def test_the_event_page_says_which_session_is_full(client, full_day):
    html = client.get(full_day.url).content.decode()

    assert html.count(FULL) == 1  # the evening session has places
    assert re.search(r"Day session: 10:00 to 16:00\. <strong[^>]*>Full — join the waiting", html)


def test_an_event_with_places_says_nothing_of_a_waiting_list(client, index):
    event = make_event(title="Spring briefing")
    assert FULL not in client.get(event.url).content.decode()


def test_the_events_list_says_a_session_is_full(client, index, full_day):
    make_event(title="Spring briefing", slug="spring")

    html = client.get(index.url).content.decode()

    conference, briefing = html.split("Spring briefing")
    assert f"Day session: {FULL}" in conference
    assert FULL not in briefing


def test_a_full_training_session_page_and_list_say_so_without_naming_its_one_session(client, index):
    wrap = training_session(title="WRAP workshop, Rugby", capacity=1)
    booked(wrap, person("Hal", "Held"))

    assert FULL in client.get(wrap.url).content.decode()
    listing = client.get(index.url).content.decode()
    assert f'<p class="session-full" data-session-full>{FULL}</p>' in listing  # no "Workshop:"


def test_search_lists_a_repeated_session_once_with_its_date_place_and_that_it_is_full(
    client, index
):
    past = training_session(title="WRAP workshop, Rugby", capacity=1, slug="wrap-spring")
    past = move_to_day(past, -40)
    coming = training_session(title="WRAP workshop, Rugby", capacity=1, slug="wrap-autumn")
    booked(coming, person("Hal", "Held"))

    html = client.get("/search/", {"q": "WRAP workshop"}).content.decode()

    assert html.count(">WRAP workshop, Rugby</a>") == 1
    assert f'href="{coming.url}"' in html and f'href="{past.url}"' not in html
    when = coming.start_at.astimezone(LONDON)
    assert f"{when:%A %-d %B %Y, %H:%M}, Rugby Town Hall" in html
    assert FULL in html


def test_search_shows_an_open_events_date_and_place_and_no_waiting_list(client, index):
    event = make_event(title="Annual Prevent conference")
    event.save_revision().publish()

    html = client.get("/search/", {"q": "conference"}).content.decode()

    when = event.start_at.astimezone(LONDON)
    assert f"{when:%A %-d %B %Y, %H:%M}, County Hall" in html
    assert FULL not in html
