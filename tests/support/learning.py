"""Small builders for the learning tests: training sessions, people, bookings and completions,
each making only the rows a test needs."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page

from events.models import Booking, EventIndexPage, Invitation, Session
from learning.models import Completion, TrainingSessionPage
from networks.models import Contact, District, Organisation, Role
from tests.support.migrated import root_page

LONDON = ZoneInfo("Europe/London")


def events_index(parent=None) -> EventIndexPage:
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Events", slug="events")
        (parent or root_page()).add_child(instance=index)
    return index


def training_session(
    *,
    title="WRAP workshop",
    level=2,
    capacity=12,
    days_ahead=14,
    start=None,
    package=None,
    invited_only=False,
    parent=None,
    **fields,
) -> TrainingSessionPage:
    """A live, open training session `days_ahead` days from now (09:30–12:30 London), one
    session of `capacity` places, registration open until two days before."""
    index = events_index(parent)
    if start is None:
        day = (timezone.now() + timedelta(days=days_ahead)).astimezone(LONDON).date()
        start = dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=LONDON)
    end = start + timedelta(hours=3)
    page = TrainingSessionPage(
        title=title,
        slug=fields.pop("slug", f"session-{TrainingSessionPage.objects.count() + 1}"),
        start_at=start,
        end_at=end,
        venue=fields.pop("venue", "Rugby Town Hall"),
        rsvp_deadline=fields.pop("rsvp_deadline", start - timedelta(days=2)),
        level=level,
        package=package,
        invited_only=invited_only,
        **fields,
    )
    index.add_child(instance=page)
    Session.objects.create(
        event=page, name="Workshop", start_at=start, end_at=end, capacity=capacity, sort_order=0
    )
    page.save_revision().publish()
    return TrainingSessionPage.objects.get(pk=page.pk)


def district(name="Rugby") -> District:
    return District.objects.get_or_create(name=name)[0]


def organisation(name="Rugby Borough Council", sector="local_authority", districts=(), **kw):
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"sector": sector, **kw})
    if districts:
        org.districts.set(districts)
    return org


def role(slug="prevent-lead", name="Prevent lead") -> Role:
    return Role.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def person(first, last="Example", *, organisation=None, districts=(), roles=(), **fields):
    contact = Contact.objects.create(
        first_name=first,
        last_name=last,
        email=fields.pop("email", f"{first.lower()}.{last.lower()}@example.org"),
        organisation=organisation,
        **fields,
    )
    if districts:
        contact.districts.set(districts)
    if roles:
        contact.roles.set(roles)
    return contact


def booked(page, contact, state=Booking.State.CONFIRMED) -> Booking:
    """`contact` with a place (by default) in the session's first session."""
    invitation, _ = Invitation.objects.get_or_create(
        event=page, contact=contact, defaults={"state": Invitation.State.ACCEPTED}
    )
    return Booking.objects.create(invitation=invitation, session=page.sessions.first(), state=state)


def completion(level, on, *, contact=None, organisation=None, district=None, **fields):
    """A completion recorded by hand (as an import would), with the sector of its organisation."""
    return Completion.objects.create(
        contact=contact,
        person_name=fields.pop("person_name", contact.full_name if contact else ""),
        email=fields.pop("email", contact.email if contact else ""),
        organisation=organisation,
        sector=fields.pop("sector", organisation.sector if organisation else ""),
        district=district,
        level=level,
        completed_on=on,
        source=fields.pop("source", Completion.Source.IMPORT),
        **fields,
    )


def hub_home():
    """A home page as the default site's root (what the hub's pages need to render)."""
    from wagtail.models import Site

    from cms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = root_page()
        # Wagtail's first migration leaves a "Welcome" page (slug "home"): the hub replaces it.
        for child in root.get_children():
            if child.specific_class is Page:
                Site.objects.filter(root_page=child).delete()
                child.delete()
        home = HomePage(title="Home", slug="home")
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def package_page(level=2, title=None, parent=None, **fields):
    """A published learning and development package page of `level` under the home page."""
    from cms.models import LearningPackagePage

    titles = {1: "Prevent e-learning", 2: "WRAP", 3: "Train the trainer"}
    page = LearningPackagePage(
        title=title or titles[level],
        slug=fields.pop("slug", f"level-{level}"),
        level=level,
        audience=fields.pop("audience", "Everyone (page text)"),
        duration=fields.pop("duration", "3 hours"),
        delivery_format=fields.pop("delivery_format", "face_to_face"),
        how_to_book=fields.pop("how_to_book", "<p>Register for a session below.</p>"),
        **fields,
    )
    (parent or hub_home()).add_child(instance=page)
    page.save_revision().publish()
    return LearningPackagePage.objects.get(pk=page.pk)
