"""Builders for events tests in any folder: an event with a day and an evening session, invitees,
and the root page every page tree hangs from."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import EventIndexPage, EventPage, Invitation, Session
from networks.models import ConsentEvent, Contact, Subscription
from tests.support.migrated import root_page

LONDON = ZoneInfo("Europe/London")


def make_event(*, day_capacity=30, evening_capacity=30, start=None, deadline=None, **fields):
    """An event `start` (default: in 20 days, 10:00 London) with a day session 10:00–16:00 and
    an evening session 18:00–20:30; answers due `deadline` (default: 10 days before)."""
    root = root_page()
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Events", slug="events")
        root.add_child(instance=index)
    if start is None:
        day = (timezone.now() + timedelta(days=20)).astimezone(LONDON).date()
        start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)
    evening_start = start.replace(hour=18)
    event = EventPage(
        title=fields.pop("title", "Annual Prevent event"),
        slug=fields.pop("slug", f"annual-{EventPage.objects.count() + 1}"),
        start_at=start,
        end_at=evening_start + timedelta(hours=2, minutes=30),
        venue="County Hall",
        venue_address="Market Square\nWarwick",
        accessibility="Step-free entrance; hearing loop in the main hall.",
        rsvp_deadline=deadline or start - timedelta(days=10),
        **fields,
    )
    index.add_child(instance=event)
    Session.objects.create(
        event=event,
        name="Day session",
        start_at=start,
        end_at=start.replace(hour=16),
        capacity=day_capacity,
        sort_order=0,
    )
    Session.objects.create(
        event=event,
        name="Evening session",
        start_at=evening_start,
        end_at=evening_start + timedelta(hours=2, minutes=30),
        capacity=evening_capacity,
        sort_order=1,
    )
    return event


def person(first, last="Example", topics=("events",), **fields) -> Contact:
    contact = Contact.objects.create(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}@example.org",
        **fields,
    )
    for topic in topics:
        Subscription.objects.create(contact=contact, topic=topic, status="subscribed")
        ConsentEvent.objects.create(
            contact=contact, topic=topic, action="subscribed", source="admin"
        )
    return contact


def invite(event, contact) -> Invitation:
    return Invitation.objects.create(event=event, contact=contact)


def day(event):
    return event.sessions.get(name="Day session")


def evening(event):
    return event.sessions.get(name="Evening session")


def move_to_day(event, days_from_today=0):
    """Move the event and its sessions by whole days, keeping their London times, so that its
    first session is `days_from_today` days from today: 0 puts it on the day (check-in open).
    Returns the event as stored."""
    sessions = list(Session.objects.filter(event=event))
    first = min(s.start_at for s in sessions).astimezone(LONDON).date()
    shift = timedelta(days=(timezone.localdate() - first).days + days_from_today)

    def moved(moment):
        return moment.astimezone(LONDON) + shift  # wall-clock arithmetic: 10:00 stays 10:00

    for s in sessions:
        Session.objects.filter(pk=s.pk).update(start_at=moved(s.start_at), end_at=moved(s.end_at))
    EventPage.objects.filter(pk=event.pk).update(
        start_at=moved(event.start_at),
        end_at=moved(event.end_at),
        rsvp_deadline=moved(event.rsvp_deadline),
    )
    return EventPage.objects.get(pk=event.pk).specific
