"""Upcoming training sessions with the places they have left, for the hub's package pages and
the home page's Events door (cms asks; learning never imports cms)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from events.models import Booking, Session

from .models import TrainingSessionPage


@dataclass
class UpcomingSession:
    page: TrainingSessionPage
    places_left: int
    capacity: int

    @property
    def full(self) -> bool:
        return self.places_left == 0

    @property
    def registration_url(self) -> str | None:
        return self.page.get_registration_url() if self.page.registration_open else None


def upcoming_sessions(
    *, level=None, package=None, districts=None, limit=None, now=None
) -> list[UpcomingSession]:
    """Live training sessions not yet ended, soonest first, with places left (the sum over
    their sessions; 0 means a new booking joins the waiting list). With `package`: the sessions
    that name that page, and those of its level that name no page. With `districts` (ids): the
    sessions held in one of them, and those for everyone (no district, the county-wide one, or
    online). Two queries."""
    now = now or timezone.now()
    pages = TrainingSessionPage.objects.live().filter(end_at__gte=now).order_by("start_at", "pk")
    if package is not None:
        pages = pages.filter(
            Q(package=package) | Q(package__isnull=True, level=getattr(package, "level", None))
        )
    elif level is not None:
        pages = pages.filter(level=level)
    if districts is not None:
        pages = pages.filter(
            Q(district__in=list(districts))
            | Q(district__isnull=True)
            | Q(district__is_county_wide=True)
            | ~Q(online_link="")
        )
    pages = list(pages[:limit] if limit else pages)
    sessions = Session.objects.filter(event__in=[p.pk for p in pages]).annotate(
        taken=Count("bookings", filter=Q(bookings__state__in=Booking.HOLDING))
    )
    left, capacity = {}, {}
    for s in sessions:
        left[s.event_id] = left.get(s.event_id, 0) + max(s.capacity - s.taken, 0)
        capacity[s.event_id] = capacity.get(s.event_id, 0) + s.capacity
    return [UpcomingSession(p, left.get(p.pk, 0), capacity.get(p.pk, 0)) for p in pages]
