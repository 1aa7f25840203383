"""Learning's public forms, on the project's accessible form base (`core.forms`): the verify
page's code and the impact questionnaire."""

from django import forms

from core.forms import AccessibleForm

from .certificates import normalise_code
from .follow_up import QUESTIONS
from .models import FollowUp


class VerifyForm(AccessibleForm):
    code = forms.CharField(
        label="Certificate code",
        max_length=20,
        error_messages={"required": "Enter the code printed on the certificate."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    hints = {
        "code": "The 10 letters and numbers printed at the foot of the certificate, "
        "for example 7KQ4M-2XH9P."
    }

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the code as it is printed: 10 letters and numbers, for example 7KQ4M-2XH9P."
            )
        return code


def _question(name: str, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=QUESTIONS[name],
        choices=FollowUp.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class FollowUpForm(AccessibleForm):
    """Three answers from a fixed list and nothing typed: no concern about a person can be
    written here."""

    used_it = _question("used_it", "Choose whether you have used what you learned.")
    more_confident = _question(
        "more_confident", "Choose whether you are more confident to seek advice or refer."
    )
    sought_advice = _question(
        "sought_advice", "Choose whether you have sought advice or made a referral."
    )
