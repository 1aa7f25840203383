"""The coordinator's form for staff needing training (Wagtail admin): an organisation, the day
it was stated, and a number per level, any of them left empty to keep its previous statement."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .currency import LEVELS, today
from .headcounts import level_name, problems, stated_for
from .levels import Level
from .models import Headcount
from .models.headcounts import MOST_STAFF


def staff_field(level: int, *, required: bool = False, label: str = "") -> forms.IntegerField:
    """A whole number of staff for one level, with messages that say what to type (the lead's
    return form uses the same words)."""
    name = level_name(level)
    return forms.IntegerField(
        label=label or f"Staff who need {Level(level).label.lower()}",
        min_value=0,
        max_value=MOST_STAFF,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--number"}),
        error_messages={
            "required": f"Enter how many staff need {name} (0 if none).",
            "invalid": f"Enter a whole number of staff for {name}, like 120.",
            "min_value": f"Enter 0 or more staff for {name}.",
            "max_value": f"Enter {MOST_STAFF:,} or fewer staff for {name}.",
        },
        help_text="Everyone whose role needs this level or a higher one. Empty: keep the "
        "last number stated.",
    )


class HeadcountForm(WagtailAdminModelForm):
    level_1 = staff_field(1)
    level_2 = staff_field(2)
    level_3 = staff_field(3)

    class Meta:
        model = Headcount
        fields = ["organisation", "as_of", "source_detail"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("as_of", today())
        self.fields["as_of"].error_messages["invalid"] = "Enter a date, like 30/06/2026."
        self.fields["organisation"].error_messages["required"] = "Choose the organisation."

    def figures(self) -> dict[int, int | None]:
        return {level: self.cleaned_data.get(f"level_{level}") for level in LEVELS}

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > today():
            raise forms.ValidationError("The day it was stated cannot be in the future.")
        return day

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        figures = self.figures()
        if all(n is None for n in figures.values()):
            raise forms.ValidationError("Enter the number of staff for at least one level.")
        previous = stated_for(data["organisation"].pk, data["as_of"])
        for level, message in problems(figures, previous).items():
            self.add_error(f"level_{level}", message)
        return data
