import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from newsletters.actions import MAX_TEST_ADDRESSES

_SEPARATORS = re.compile(r"[\s,;]+")


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
        found: list[str] = []
        bad: list[str] = []
        for item in _SEPARATORS.split(self.cleaned_data["addresses"]):
            if not item:
                continue
            address = item.strip().lower()
            try:
                validate_email(address)
            except ValidationError:
                bad.append(item)
                continue
            if address not in found:
                found.append(address)
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
