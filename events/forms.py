"""Public forms: registering for an open event, the RSVP answer and the post-event feedback."""

from django import forms
from django.utils.timezone import localtime

from core.forms import AccessibleForm, AccessibleModelForm

from .models import Booking, EventFeedback
from .reports import places_left


class RegistrationForm(AccessibleForm):
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the right form, like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation_name = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    hints = {
        "email": "We will email you a personal link to choose your sessions. Nothing is booked "
        "until you follow it."
    }


class RsvpForm(AccessibleForm):
    attending = forms.ChoiceField(
        label="Will you come?",
        choices=[("yes", "Yes, I will come"), ("no", "No, I cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Answer whether you will come."},
    )
    sessions = forms.MultipleChoiceField(
        label="Which sessions will you come to?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dietary = forms.CharField(label="Dietary needs", required=False, max_length=300)
    access_needs = forms.CharField(
        label="Access needs",
        required=False,
        max_length=300,
        help_text="For example step-free access, a hearing loop, a British Sign Language "
        "interpreter or a quiet room.",
    )
    free_text = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        event = invitation.event
        mine = dict(invitation.bookings.exclude(state="cancelled").values_list("session", "state"))
        self.fields["sessions"].choices = [
            (str(s.pk), self._session_label(s, left, mine.get(s.pk)))
            for s, left in places_left(event)
        ]
        if not event.ask_dietary:
            del self.fields["dietary"]
        if not event.ask_access:
            del self.fields["access_needs"]
        if event.ask_free_text and event.free_text_question:
            self.fields["free_text"].label = event.free_text_question
        else:
            del self.fields["free_text"]

    @staticmethod
    def _session_label(session, left, my_state=None):
        """A session's label, with where this person stands: their own place is never "full"
        (it may be the last one), and someone already waiting is told so."""
        start, end = localtime(session.start_at), localtime(session.end_at)
        label = f"{session.name}, {start:%H:%M} to {end:%H:%M}"
        if my_state in Booking.HOLDING:
            label += " (you have a place)"
        elif my_state == Booking.State.WAITING:
            label += " (you are on the waiting list)"
        elif not left:
            label += " (full: you would join the waiting list)"
        return label

    def clean(self):
        data = super().clean()
        if data.get("attending") == "yes" and not data.get("sessions"):
            self.add_error(
                "sessions", "Choose at least one session, or answer that you cannot come."
            )
        return data


class FeedbackForm(AccessibleModelForm):
    class Meta:
        model = EventFeedback
        fields = ["usefulness", "comments"]
        labels = {
            "usefulness": "How useful was the event for your work on Prevent?",
            "comments": "What should the partnership do differently, or add to the action plan?",
        }
        widgets = {"usefulness": forms.RadioSelect, "comments": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"usefulness": {"required": "Choose how useful the event was."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usefulness"].choices = [
            c for c in self.fields["usefulness"].choices if c[0] != ""
        ]
