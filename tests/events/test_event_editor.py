"""The event page editor refuses changes that would lose people's places or make no sense."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.actions import accept_invitation
from events.models import EventPage
from tests.support.events import day, evening, invite, person

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%d %H:%M"


def edit_form(event, user, *, delete=(), **changes):
    def local(value):
        from django.utils import timezone

        return timezone.localtime(value).strftime(FMT)

    sessions = [
        {
            "id": s.pk,
            "name": s.name,
            "start_at": local(s.start_at),
            "end_at": local(s.end_at),
            "capacity": s.capacity,
            "ORDER": i,
            **({"DELETE": "on"} if s in delete else {}),
        }
        for i, s in enumerate(event.sessions.all())
    ]
    fields = {
        "title": event.title,
        "slug": event.slug,
        "start_at": local(event.start_at),
        "end_at": local(event.end_at),
        "venue": event.venue,
        "rsvp_deadline": local(event.rsvp_deadline),
        "invited_only": "on",
        "agenda": streamfield([]),
        "sessions": inline_formset(sessions, initial=len(sessions), min=1),
        "comments": inline_formset([]),
        **changes,
    }
    form_class = EventPage.get_edit_handler().get_form_class()
    return form_class(nested_form_data(fields), instance=event, for_user=user, parent_page=None)


def test_an_unchanged_event_saves_and_an_empty_session_can_be_removed(event, coordinator):
    assert edit_form(event, coordinator).is_valid()
    form = edit_form(event, coordinator, delete=[evening(event)])
    assert form.is_valid(), form.errors


def test_a_session_with_people_in_it_cannot_be_removed(event, coordinator):
    accept_invitation(invite(event, person("Priya", "Lead")), [evening(event).pk])
    form = edit_form(event, coordinator, delete=[evening(event)])
    assert not form.is_valid()
    (message,) = form.non_field_errors()
    assert message.startswith("The Evening session cannot be removed: 1 person has a place")
    assert evening(event).bookings.count() == 1


def test_an_event_that_ends_before_it_starts_or_is_due_after_it_starts_is_refused(
    event, coordinator
):
    from django.utils import timezone

    form = edit_form(
        event,
        coordinator,
        end_at=timezone.localtime(event.start_at).strftime(FMT),
        rsvp_deadline=timezone.localtime(day(event).end_at).strftime(FMT),
    )
    assert not form.is_valid()
    assert form.errors["end_at"] == ["The event must end after it starts."]
    assert form.errors["rsvp_deadline"] == ["Answers must be due before the event starts."]
