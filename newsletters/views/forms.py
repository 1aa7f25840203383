from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import split_addresses
from networks.models import Segment
from newsletters.actions import MAX_TEST_ADDRESSES


class SendTestForm(forms.Form):
    addresses = forms.CharField(
        label="Send a test to",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Up to {MAX_TEST_ADDRESSES} email addresses, separated by commas or new lines. "
            "Test messages use sample details (Sam Sample) in place of each reader's own."
        ),
    )

    def clean_addresses(self) -> list[str]:
        """The addresses as a list, lower-cased and without repeats, or a message naming every
        address that is not one."""
        found, bad = split_addresses(self.cleaned_data["addresses"])
        if bad:
            raise ValidationError(
                "These are not email addresses: %(bad)s.", params={"bad": ", ".join(bad)}
            )
        if not found:
            raise ValidationError("Enter at least one email address.")
        if len(found) > MAX_TEST_ADDRESSES:
            raise ValidationError(
                "A test can go to at most %(max)d addresses; you entered %(count)d.",
                params={"max": MAX_TEST_ADDRESSES, "count": len(found)},
            )
        return found


class SendToSegmentsForm(forms.Form):
    """Who an issue goes to and when. Times are Europe/London (the site's TIME_ZONE)."""

    NOW, LATER = "now", "later"

    segments = forms.ModelMultipleChoiceField(
        label="Send to these segments",
        queryset=Segment.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one segment to send to."},
    )
    exclude_segments = forms.ModelMultipleChoiceField(
        label="Leave out members of these segments",
        queryset=Segment.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional. Anyone in one of these is left out, even if in a segment above.",
    )
    when = forms.ChoiceField(
        label="When",
        choices=[(NOW, "Send now"), (LATER, "Schedule for later")],
        widget=forms.RadioSelect,
        initial=NOW,
    )
    scheduled_at = forms.DateTimeField(
        label="Date and time (UK time)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text="Only for a scheduled send, e.g. 2026-04-01 09:00.",
        error_messages={"invalid": "Enter a date and time such as 2026-04-01 09:00."},
    )

    def clean(self):
        data = super().clean()
        included = set(data.get("segments") or ())
        excluded = set(data.get("exclude_segments") or ())
        both = sorted(s.name for s in included & excluded)
        if both:
            self.add_error(
                "exclude_segments",
                f"A segment cannot be both sent to and left out: {', '.join(both)}.",
            )
        if data.get("when") == self.LATER:
            when = data.get("scheduled_at")
            if when is None and "scheduled_at" not in self.errors:
                self.add_error("scheduled_at", "Enter the date and time to send it.")
            elif when is not None and when <= timezone.now():
                self.add_error("scheduled_at", "Choose a date and time in the future.")
        else:
            data["scheduled_at"] = None
        return data
