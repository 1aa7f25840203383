"""Who is falling due: completions whose expiry is near (or has just passed) that the person has
not renewed. The daily refresher reminders and the leads' monthly lists both ask here, each
with one query over the completions' (completed_on, level) index, so the cost follows the
number of people falling due, not the number of completions.

Renewed: the same person holds a completion at that level or higher, made after this one and
in date (`learning.currency.in_date_q`); of two on the same day, the higher level (else the
later row) counts as the later, so each person is told once. Booked: they hold a place
(confirmed, or offered from the waiting list) at a training session of that level or higher
that has not started. The person is matched by their contact or, for a completion imported
without one, by address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone

from core.db import reading_aggregates
from events.models import Booking
from networks.models import Contact

from .currency import expires_between_q, expires_on, in_date_q, validity_years
from .models import Completion


def _renewed(on: date, years: dict[int, int]):
    # "After" orders by day, then level, then row: of two completions of the same person on
    # the same day (a check-in and an import of it) one renews the other, so one is reminded.
    later = Completion.objects.filter(
        Q(completed_on__gt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), level__gt=OuterRef("level"))
        | Q(completed_on=OuterRef("completed_on"), level=OuterRef("level"), pk__gt=OuterRef("pk")),
        in_date_q(on, years),
        level__gte=OuterRef("level"),
        erased_at__isnull=True,
    )
    by_contact = later.filter(contact_id=OuterRef("contact_id"))
    by_address = later.filter(email=OuterRef("email")).exclude(email="")
    return Exists(by_contact) | Exists(by_address)


def _booked(now):
    return Exists(
        Booking.objects.filter(
            invitation__contact_id=OuterRef("contact_id"),
            state__in=Booking.HOLDING,
            session__start_at__gt=now,
            session__event__trainingsessionpage__level__gte=OuterRef("level"),
        )
    )


@dataclass(frozen=True)
class Due:
    """One completion falling due, as the reminders and the lists use it."""

    completion_id: int
    contact_id: int | None
    organisation_id: int | None
    name: str
    level: int
    completed_on: date
    expires_on: date
    booked: bool = False


def due_for_reminders(on: date, horizon_days: int, years=None) -> list[Due]:
    """The completions of directory contacts who may be mailed that expire after `on` and
    within `horizon_days` of it, not renewed and with no place booked at a session of that
    level or higher: whom a refresher reminder may be about. One query."""
    years = years or validity_years()
    rows = (
        Completion.objects.filter(
            expires_between_q(on, on + timedelta(days=horizon_days), years),
            completed_on__lte=on,
            erased_at__isnull=True,
            contact__in=Contact.objects.mailable().values("pk"),
        )
        .exclude(_renewed(on, years))
        .exclude(_booked(timezone.now()))
        .order_by("pk")
        .values_list("pk", "contact_id", "level", "completed_on")
    )
    with reading_aggregates():  # no JIT: it compiled for longer than the query ran
        rows = list(rows)
    return [
        Due(pk, contact_id, None, "", level, done, expires_on(level, done, years))
        for pk, contact_id, level, done in rows
    ]


def due_by_organisation(on: date, days: int, organisations=None, years=None) -> dict:
    """{organisation id: [Due, …]} of each organisation's people whose training expires within
    `days` after `on` or expired within `days` before it (`on` itself counts as expired), not
    renewed; with `booked` set for those holding a place. An organisation's people are its
    contacts (as the directory has them today: someone who moved on is their new
    organisation's) and the people imported against it without a contact; archived contacts
    are left out. Each person once per level (their latest), soonest expiry first. One query."""
    years = years or validity_years()
    rows = (
        Completion.objects.filter(
            expires_between_q(on - timedelta(days=days), on + timedelta(days=days), years),
            Q(contact__isnull=True) | Q(contact__is_active=True),
            completed_on__lte=on,
            erased_at__isnull=True,
        )
        .annotate(
            org=Case(
                When(contact__isnull=False, then=F("contact__organisation_id")),
                default=F("organisation_id"),
            ),
            booked=_booked(timezone.now()),
        )
        .filter(org__isnull=False)
        .exclude(_renewed(on, years))
    )
    if organisations is not None:
        rows = rows.filter(org__in=[getattr(o, "pk", o) for o in organisations])
    values = rows.order_by("completed_on", "pk").values_list(
        "pk",
        "contact_id",
        "org",
        "contact__first_name",
        "contact__last_name",
        "person_name",
        "email",
        "level",
        "completed_on",
        "booked",
    )
    with reading_aggregates():
        values = list(values)
    latest: dict[tuple, Due] = {}
    for pk, contact_id, org, first, last, typed, email, level, done, booked in values:
        name = f"{first or ''} {last or ''}".strip() if contact_id else typed
        who = ("c", contact_id) if contact_id else ("e", email) if email else ("r", pk)
        # Rows come oldest first: a later completion of the same person and level replaces.
        latest[(org, who, level)] = Due(
            pk, contact_id, org, name or email, level, done, expires_on(level, done, years), booked
        )
    by_org: dict[int, list[Due]] = {}
    for due in latest.values():
        by_org.setdefault(due.organisation_id, []).append(due)
    for lines in by_org.values():
        lines.sort(key=lambda d: (d.expires_on, d.name.casefold(), d.level))
    return by_org
