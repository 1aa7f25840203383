"""The demo seed: the events index replaces the placeholder, with the annual event in May."""

import pytest
from django.core.management import call_command

from cms.models import HomePage
from events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def test_the_seed_creates_the_events_index_and_the_may_event_idempotently(demo_site, client):
    call_command("seed_demo", verbosity=0)
    index = EventIndexPage.objects.get()
    assert index.slug == "events"
    # The annual event (the demo's training sessions are event pages too).
    event = EventPage.objects.get(slug="annual-prevent-event")
    assert event.start_at.month == 5
    assert [s.name for s in event.sessions.all()] == ["Day session", "Evening session"]
    home = HomePage.objects.get()
    doors = {b.value["title"]: b.value.get("page") for b in home.quick_links}
    assert doors["Events"].pk == index.pk
    page = client.get("/events/")
    assert page.status_code == 200 and event.title in page.content.decode()
    detail = client.get(event.url).content.decode()
    assert "Evening session" in detail and "Step-free entrance" in detail
