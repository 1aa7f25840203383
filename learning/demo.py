"""Demo data of learning and development, loaded by `manage.py seed_demo` (idempotent): the
competency framework (Figure 2), a year of training sessions across the districts — past ones
with attendance and feedback, upcoming ones with places left, one full with a waiting list, one
in the evening — an e-learning platform export of a few hundred rows (some organisations
unmatched, some near the three-year mark) imported the way a coordinator would, a train the
trainer course nearly three years ago whose trainers are due for renewal, and the staff the
authorities say need each level, so the take-up report and its coverage, the refresher reminders
and the leads' lists have something true to show on a fresh
`make run`. Dates are relative to today; names come from the directory."""

import datetime as dt
import random
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from events.actions import check_in_booking
from events.models import Booking, EventFeedback, EventIndexPage, Invitation, Session
from networks.models import Contact, District, Organisation

from .framework import seed_framework
from .imports import import_completions, start_completion_import
from .models import Completion, CompletionImport, Headcount, TrainingSessionPage

# slug, title, level, days from today, (start h, m), hours, capacity, past attendance
SESSIONS = [
    ("wrap-demo-1", "WRAP workshop", 2, -300, (9, 30), 3, 20, 16),
    ("wrap-demo-2", "WRAP workshop", 2, -210, (9, 30), 3, 20, 14),
    ("ttt-demo-1", "WRAP train the trainer", 3, -180, (9, 30), 6.5, 12, 9),
    ("wrap-demo-3", "WRAP workshop", 2, -120, (13, 30), 3, 20, 18),
    ("briefing-demo-1", "Prevent briefing for employers", 1, -75, (8, 0), 1.5, 40, 22),
    ("wrap-demo-4", "WRAP workshop", 2, -40, (9, 30), 3, 20, 12),
    ("wrap-demo-5", "WRAP workshop", 2, 16, (9, 30), 3, 20, 0),
    ("wrap-demo-6", "WRAP workshop (evening)", 2, 30, (18, 0), 3, 16, 0),
    ("wrap-demo-full", "WRAP workshop", 2, 12, (9, 30), 3, 6, 0),
    ("ttt-demo-2", "WRAP train the trainer", 3, 45, (9, 30), 6.5, 12, 0),
    # Nearly three years ago: its trainers who have not been on the course since are due for
    # renewal within weeks (refresher reminders, the leads' monthly lists).
    ("ttt-demo-0", "WRAP train the trainer", 3, -1060, (9, 30), 6.5, 12, 10),
]
SUMMARIES = {
    1: "A short briefing for employers: what Prevent is, the learning packages available and "
    "how to report a concern about a colleague.",
    2: "The Workshop to Raise Awareness of Prevent, face to face: recognising vulnerability "
    "to radicalisation and what to do about it.",
    3: "Train the trainer: become able to deliver WRAP in your own organisation.",
}
EXPORT_NAME = "elearning-platform-export-demo.csv"
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Marek",
    "Nia",
    "Owen",
    "Priya",
    "Rory",
    "Sara",
    "Tom",
    "Zoe",
]
LAST = [
    "Adams",
    "Begum",
    "Clarke",
    "Dhillon",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Novak",
    "Owusu",
    "Patel",
    "Quinn",
    "Reid",
]
UNMATCHED = ["Hillside Community Trust", "Riverside Youth Club", "Oakfield Care Homes Ltd"]


def seed_learning_demo() -> None:
    seed_framework()
    index = EventIndexPage.objects.first()
    if index is None:
        return
    districts = list(District.objects.filter(is_county_wide=False).order_by("sort_order"))
    contacts = list(Contact.objects.filter(erased_at__isnull=True, is_active=True).order_by("pk"))
    for n, spec in enumerate(SESSIONS):
        if not TrainingSessionPage.objects.filter(slug=spec[0]).exists():
            _session(index, spec, districts[n % len(districts)] if districts else None, contacts)
    if not CompletionImport.objects.filter(filename=EXPORT_NAME).exists():
        _import_export(contacts)
    if not Headcount.objects.exists():
        _headcounts()


def _headcounts() -> None:
    """Every specified authority but the last (by name: shown as "no headcount stated") states
    how many of its staff need each level, a month ago, in proportion to the people it has
    trained, so the coverage report has organisations above and below the target."""
    from .actions import record_headcount

    authorities = list(Organisation.objects.filter(is_specified_authority=True).order_by("name"))
    trained = dict(
        Completion.objects.filter(organisation__in=authorities)
        .values_list("organisation")
        .annotate(n=Count("person_key", distinct=True))
        .order_by()
    )
    for i, org in enumerate(authorities[:-1]):
        level_1 = max(10, round(trained.get(org.pk, 0) * (1.0 + 0.15 * (i % 5))))
        record_headcount(
            org,
            {1: level_1, 2: max(4, level_1 // 3), 3: 2},
            source=Headcount.Source.COORDINATOR,
            as_of=timezone.localdate() - timedelta(days=30),
            source_detail="Demo",
        )


def _session(index, spec, district, contacts):
    slug, title, level, days, (hour, minute), hours, capacity, attended = spec
    day = timezone.localdate() + timedelta(days=days)
    start = timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))
    end = start + timedelta(hours=hours)
    place = district.name if district else "County"
    page = TrainingSessionPage(
        title=f"{title}, {place}",
        slug=slug,
        summary=SUMMARIES[level],
        start_at=start,
        end_at=end,
        venue=f"{place} community centre",
        accessibility="Step-free access; hearing loop; accessible toilets.",
        rsvp_deadline=start - timedelta(days=2),
        invited_only=False,
        level=level,
        district=district,
        ask_dietary=False,
    )
    index.add_child(instance=page)
    session = Session.objects.create(
        event=page, name="Workshop", start_at=start, end_at=end, capacity=capacity
    )
    page.save_revision().publish()
    rng = random.Random(slug)
    people = (
        rng.sample(contacts, min(len(contacts), max(attended, capacity) + 4)) if contacts else []
    )
    if days < 0:
        for contact in people[:attended]:
            booking = _book(page, session, contact, Booking.State.CONFIRMED)
            check_in_booking(booking, now=start)  # records the completion, as on the day
            if rng.random() < 0.6:
                EventFeedback.objects.get_or_create(
                    invitation=booking.invitation,
                    defaults={"usefulness": rng.choice([3, 4, 4, 5, 5])},
                )
    elif slug.endswith("full"):
        for contact in people[:capacity]:
            _book(page, session, contact, Booking.State.CONFIRMED)
        for contact in people[capacity : capacity + 3]:
            _book(page, session, contact, Booking.State.WAITING, queued=True)
    else:
        for contact in people[: capacity // 3]:
            _book(page, session, contact, Booking.State.CONFIRMED)


def _book(page, session, contact, state, queued=False):
    invitation, _ = Invitation.objects.get_or_create(
        event=page,
        contact=contact,
        defaults={"state": Invitation.State.ACCEPTED, "self_registered": True},
    )
    booking, _ = Booking.objects.get_or_create(
        invitation=invitation,
        session=session,
        defaults={"state": state, "queued_at": timezone.now() if queued else None},
    )
    return booking


def export_rows(contacts, today=None, n=320) -> list[list[str]]:
    """The e-learning platform's export: name, email, organisation, course, completed on."""
    today = today or timezone.localdate()
    rng = random.Random("elearning")
    orgs = list(Organisation.objects.order_by("name").values_list("name", flat=True))
    rows = [["Learner name", "Email address", "Organisation", "Course", "Completed on"]]
    for i in range(n):
        if contacts and i % 12 == 0:
            c = contacts[(i // 12) % len(contacts)]
            name, email = c.full_name, c.email
            org = c.organisation.name if c.organisation_id else c.organisation_name
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name, email = f"{first} {last}", f"{first}.{last}{i}@staff.example".lower()
            roll = rng.random()
            if roll < 0.08:
                org = rng.choice(UNMATCHED)
            elif roll < 0.12 and orgs:
                org = rng.choice(orgs).upper()  # another spelling: still matches
            else:
                org = rng.choice(orgs) if orgs else ""
        days_ago = rng.randint(1, 400)
        if i % 7 == 3:
            # Older rows around the three-year mark: on a fresh `make run` some people's
            # e-learning is falling due or has just expired (the leads' monthly lists).
            days_ago = 1000 + (i * 37) % 150
        day = today - timedelta(days=days_ago)
        rows.append([name, email, org, "Prevent awareness e-learning", day.strftime("%d/%m/%Y")])
    return rows


def _import_export(contacts):
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in export_rows(contacts))
    job = start_completion_import(EXPORT_NAME, text.encode("utf-8"))
    import_completions(job, mapping=job.mapping, level=1, dry_run=False)
