"""Demo data of the annual event, loaded by `manage.py seed_demo` (idempotent).

Replaces an older seed's placeholder "events" content page with the events index, adds the
annual event in May with a day and an evening session, and points the home page's "Events"
door at the index.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page

from .models import EventIndexPage, EventPage, Session

LONDON = ZoneInfo("Europe/London")


def next_occurrence(month: int, day: int) -> datetime:
    today = timezone.localdate()
    year = today.year if (today.month, today.day) < (month, day) else today.year + 1
    return datetime(year, month, day, tzinfo=LONDON)


def seed_events_demo(home, data_index: dict, data_event: dict) -> EventIndexPage:
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        placeholder = Page.objects.child_of(home).filter(slug=data_index["slug"]).first()
        if placeholder is not None:
            placeholder.delete()
        index = EventIndexPage(**data_index)
        home.add_child(instance=index)
        index.save_revision().publish()
    _point_quick_link(home, index)
    if not EventPage.objects.child_of(index).filter(slug=data_event["slug"]).exists():
        _add_event(index, data_event)
    return index


def _point_quick_link(home, index):
    """A door whose page was the deleted placeholder (now empty) leads to the index instead."""
    home = type(home).objects.get(pk=home.pk)
    links, changed = [], False
    for block in home.quick_links:
        value = dict(block.value)
        if value.get("page") is None and not value.get("url"):
            value["page"], changed = index, True
        links.append((block.block_type, value))
    if changed:
        home.quick_links = links
        home.save_revision().publish()


def _add_event(index, data):
    day = next_occurrence(data["month"], data["day"])
    sessions = data["sessions"]

    def at(hm):
        return day.replace(hour=hm[0], minute=hm[1])

    event = EventPage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        start_at=at(sessions[0][1]),
        end_at=at(sessions[-1][2]),
        venue=data["venue"],
        venue_address=data["venue_address"],
        accessibility=data["accessibility"],
        rsvp_deadline=at(sessions[0][1]) - timedelta(days=data["deadline_days_before"]),
        agenda=data["agenda"],
    )
    index.add_child(instance=event)
    for order, (name, start, end, capacity) in enumerate(sessions):
        Session.objects.create(
            event=event,
            name=name,
            start_at=at(start),
            end_at=at(end),
            capacity=capacity,
            sort_order=order,
        )
    event.save_revision().publish()
    return event
