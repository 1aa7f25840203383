"""The event page's editor form: refuses an event that would lose people's places or make no
sense (ends before it starts, answers due after it starts), with a message saying what to do."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("start_at"), data.get("end_at"), data.get("rsvp_deadline")
        if start and end and end <= start:
            self.add_error("end_at", "The event must end after it starts.")
        if start and deadline and deadline > start:
            self.add_error("rsvp_deadline", "Answers must be due before the event starts.")
        self._keep_booked_sessions()
        return data

    def _keep_booked_sessions(self):
        """A session with people in it cannot be removed: deleting it would delete their places
        without telling them."""
        from .models import Booking

        sessions = self.formsets.get("sessions")
        if sessions is None or not sessions.is_bound or not sessions.is_valid():
            return
        for form in sessions.deleted_forms:
            if form.instance.pk is None:
                continue
            people = (
                Booking.objects.filter(session_id=form.instance.pk)
                .exclude(state=Booking.State.CANCELLED)
                .count()
            )
            if people:
                self.add_error(
                    None,
                    ValidationError(
                        f"The {form.instance.name} cannot be removed: {people} "
                        f"{'person has' if people == 1 else 'people have'} a place, an offer or "
                        "a place on its waiting list. Keep the session (set its capacity as "
                        "needed), or ask them to withdraw first.",
                        code="booked_session",
                    ),
                )
