"""Forms of the coordinator's return screens (Wagtail admin)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from core.periods import Quarter
from networks.models import Contact, Sector

from .models import Return, Template

# What a sent return's answers are tied to: its period, who it went to and what it asked.
LOCKED_ONCE_SENT = ("period_kind", "period_start", "organisations", "sectors")


class ReturnAdminForm(WagtailAdminModelForm):
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="…and to every specified authority of these sectors.",
    )

    def clean(self):
        """Once sent, a return's title, due date and introduction may still change; its period,
        recipients and questions may not (the answers given are answers to them)."""
        data = super().clean()
        if self.instance.pk is None or self.instance.state == Return.State.DRAFT:
            return data
        for name in LOCKED_ONCE_SENT:
            if name in self.fields and name in self.changed_data:
                self.add_error(name, "This cannot change once the return is sent.")
        questions = getattr(self, "formsets", {}).get("questions")
        if questions is not None and _questions_changed(questions):
            self.add_error(
                None,
                "The questions cannot change once the return is sent: the answers already "
                "given are answers to them. Make a new return to ask something else.",
            )
        return data


def _questions_changed(formset) -> bool:
    """A question added, removed or reworded (putting them in another order changes no answer)."""
    return any(set(form.changed_data) - {"ORDER"} for form in formset.forms)


def _quarter_choices():
    quarter = Quarter.current()
    choices = []
    for _ in range(6):
        choices.append((quarter.start.isoformat(), quarter.long_label))
        quarter = quarter.previous()
    return choices


class NewReturnForm(forms.Form):
    template = forms.ChoiceField(
        choices=[c for c in Template.choices if c[0] != Template.CUSTOM],
        widget=forms.RadioSelect,
        label="Ready-made return",
    )
    period = forms.ChoiceField(
        label="Period",
        help_text="The quarter it is about (the self-assessment takes the quarter's year).",
    )
    due_on = forms.DateField(
        label="Due date", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _quarter_choices()


class ReopenForm(forms.Form):
    note = forms.CharField(
        label="Note to the organisation",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on their form, not in the email, e.g. “please check the level 2 figure”.",
    )


class AddPersonForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), label="Person to add")

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.mailable().filter(organisation=organisation).order_by("last_name")
        )


class CopyPlanForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the refreshed plan")
    starts_on = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    ends_on = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The plan cannot end before it starts.")
        return data


class FiguresForm(forms.Form):
    template = forms.ChoiceField(
        choices=[
            (Template.LD_QUARTERLY, "Staff trained by level (L&D return)"),
            (Template.POLICE_FIGURES, "Concerns received by referral source (police figures)"),
        ],
        required=False,
    )
    quarters = forms.TypedChoiceField(
        choices=[(4, "Last 4 quarters"), (8, "Last 8 quarters"), (12, "Last 12 quarters")],
        coerce=int,
        required=False,
    )
