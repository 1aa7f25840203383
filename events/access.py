"""Who may run events: coordinators (`core.roles`) and holders of `events.manage_events`."""

from django.http import Http404

from core.roles import is_coordinator

from .models import EventPage


def can_manage_events(user) -> bool:
    return is_coordinator(user) or bool(
        user.is_authenticated and user.is_active and user.has_perm("events.manage_events")
    )


def get_event_for_user(user, pk) -> EventPage:
    """The event, or 404 — the same for a missing event and for someone who may not manage it."""
    if not can_manage_events(user):
        raise Http404("No such event")
    event = EventPage.objects.filter(pk=pk).first()
    if event is None:
        raise Http404("No such event")
    return event
