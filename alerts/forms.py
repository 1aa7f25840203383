"""Forms of the public report pages and the triage admin. They only parse and check input."""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from core.forms import AccessibleForm
from networks.models import District

from .attachments import ALLOWED_DESCRIPTION, MAX_FILES, clean_uploads
from .models import Kind, Outcome, ReplyTemplate, State, Urgency
from .receipts import normalise_receipt

YES_NO = [("yes", "Yes"), ("no", "No")]
UNKNOWN_DISTRICT = "unknown"
MAX_DESCRIPTION = 10_000


class StartForm(AccessibleForm):
    danger = forms.ChoiceField(
        label="Is anyone in immediate danger?", choices=YES_NO, widget=forms.RadioSelect
    )
    individual = forms.ChoiceField(
        label="Is your concern about one particular person who may be at risk of being drawn "
        "into harmful activity?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    online_material = forms.ChoiceField(
        label="Do you want online material that promotes terrorism taken down?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    hints = {
        "individual": "For example a friend, pupil, patient or family member.",
        "online_material": "Videos, posts, images or websites that encourage or glorify terrorism.",
    }

    # Each error names its question: an error summary of three identical lines helps nobody.
    required_messages = {
        "danger": "Answer whether anyone is in immediate danger.",
        "individual": "Answer whether your concern is about one particular person.",
        "online_material": "Answer whether you want online terrorist material taken down.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = self.required_messages[name]
            if name != "danger":
                # Asked only when nobody is in danger: "yes" goes straight to the 999 page.
                field.required = False

    def clean(self):
        data = super().clean()
        if data.get("danger") != "yes":
            for name in ("individual", "online_material"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, self.required_messages[name])
        return data

    @property
    def in_danger(self) -> bool:
        """True when the person answered yes to danger, whatever else they left unanswered."""
        return self.is_bound and self.data.get("danger") == "yes"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return clean_uploads(files)


def district_choices():
    choices = [(str(d.pk), d.name) for d in District.objects.all()]
    return [("", "Choose an area"), *choices, (UNKNOWN_DISTRICT, "I don't know")]


class ReportForm(AccessibleForm):
    kind = forms.ChoiceField(
        label="What would you like to tell us about?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like to tell us about."},
    )
    district = forms.ChoiceField(
        label="Which area is it about?",
        choices=(),
        error_messages={"required": "Choose an area, or “I don't know”."},
    )
    location = forms.CharField(
        label="Where did it happen? (optional)", max_length=255, required=False
    )
    occurred = forms.CharField(
        label="When did it happen? (optional)", max_length=255, required=False
    )
    description = forms.CharField(
        label="What happened?",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Tell us what happened."},
    )
    attachments = MultipleFileField(
        label="Photos, screenshots or documents (optional)", required=False
    )
    submitter_name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    contact_email = forms.EmailField(label="Your email address (optional)", required=False)
    contact_phone = forms.CharField(
        label="Your phone number (optional)", max_length=50, required=False
    )
    notify_on_reply = forms.BooleanField(label="Email me when there is a reply", required=False)
    # Honeypot: hidden from people by CSS; a bot that fills every field gives itself away.
    website_url = forms.CharField(label="Leave this field empty", required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    hints = {
        "district": "Choose “County-wide” if it is not about one area.",
        "location": "A street, venue or area, or an online platform, group or account.",
        "occurred": "A date and time, or roughly, for example “last Saturday evening”.",
        "description": f"Describe what you saw or heard, in up to {MAX_DESCRIPTION:,} "
        "characters. Please do not include the names of people who are not involved.",
        "attachments": f"Up to {MAX_FILES} files of 10 MB each: {ALLOWED_DESCRIPTION}. "
        "We remove hidden details such as location from photos.",
        "submitter_name": "Leave empty to stay anonymous.",
        "contact_email": "Only used to send you a link to your report; never shared.",
        "notify_on_reply": "The email contains only a link, never the reply itself.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()
        self.fields["website_url"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website_url", "").strip())

    def clean_district(self):
        value = self.cleaned_data["district"]
        if value == UNKNOWN_DISTRICT:
            return None
        district = District.objects.filter(pk=value).first() if value.isdigit() else None
        if district is None:
            raise ValidationError("Choose an area, or “I don't know”.")
        return district

    def clean(self):
        data = super().clean()
        if data.get("notify_on_reply") and not data.get("contact_email"):
            self.add_error(
                "contact_email",
                "Give an email address, or untick “Email me when there is a reply”.",
            )
        return data


class MoreInformationForm(AccessibleForm):
    body = forms.CharField(
        label="Add more information",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(label="Add files (optional)", required=False)
    hints = {"attachments": f"Up to {MAX_FILES} files of 10 MB each: {ALLOWED_DESCRIPTION}."}


class ReceiptForm(AccessibleForm):
    receipt = forms.CharField(label="Your receipt code", max_length=40)
    hints = {"receipt": "16 letters and numbers, for example 7K3M-Q9TX-4HPA-2WRD."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipt"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )

    def clean_receipt(self):
        value = self.cleaned_data["receipt"]
        if normalise_receipt(value) is None:
            raise ValidationError(
                "A receipt code has 16 letters and numbers. Check what you typed."
            )
        return value


# --- Triage (admin) ---------------------------------------------------------------------------


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=State.choices)
    outcome = forms.ChoiceField(choices=[("", "—"), *Outcome.choices], required=False)


class UrgencyForm(forms.Form):
    urgency = forms.ChoiceField(choices=Urgency.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Person"
    )
    group = forms.ModelChoiceField(queryset=Group.objects.none(), required=False, label="Team")

    def __init__(self, *args, people, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
        self.fields["group"].queryset = groups


class MessageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_DESCRIPTION)


class ReplyForm(MessageForm):
    template = forms.ModelChoiceField(
        queryset=ReplyTemplate.objects.all(), required=False, label="Start from a template"
    )


class LegalHoldForm(forms.Form):
    hold = forms.BooleanField(required=False, label="Keep this report (legal hold)")
    reason = forms.CharField(max_length=255, required=False)


class AlertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({'published' if obj.live else 'draft'})"


class LinkAlertForm(forms.Form):
    """Which alert a report prompted. `alerts` is what the user may link to
    (`alerts.permissions.alerts_for_sender`): a choice outside it is a hand-made POST."""

    alert = AlertChoiceField(
        queryset=None,
        label="Alert",
        empty_label="Choose an alert",
        error_messages={"required": "Choose the alert this report prompted."},
    )

    def __init__(self, *args, alerts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert"].queryset = alerts
