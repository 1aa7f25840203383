"""The public forms of returns (the lead's form, adding a colleague), on the project's one
accessible form base (networks.forms.AccessibleForm today; core.forms after #13's merge)."""

from django import forms

from networks.forms import AccessibleForm

from .models import RAG, Question
from .ready_made import NO_NAMES

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_NUMBER = 1_000_000


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _field(question: Question, required: bool) -> forms.Field:
    common = {"label": question.text, "required": required}
    hint = question.help_text
    if question.kind == Question.Kind.WHOLE_NUMBER:
        field = forms.IntegerField(
            min_value=0,
            max_value=MAX_NUMBER,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--number"}),
            error_messages={
                "required": f"Enter a whole number for “{question.text}” (0 if none).",
                "invalid": f"Enter a whole number for “{question.text}”, like 12.",
                "min_value": f"Enter 0 or more for “{question.text}”.",
                "max_value": f"Enter a smaller number for “{question.text}”.",
            },
            **common,
        )
    elif question.kind == Question.Kind.YES_NO:
        field = forms.ChoiceField(
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose yes or no for “{question.text}”."},
            **common,
        )
    elif question.kind == Question.Kind.RAG:
        field = forms.ChoiceField(
            choices=RAG.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose a status for “{question.text}”."},
            **common,
        )
    else:
        hint = f"{hint} {NO_NAMES}".strip()
        field = forms.CharField(
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": f"Answer “{question.text}”.",
                "max_length": "Keep the answer under 1,000 characters.",
            },
            **common,
        )
    field.hint = hint
    return field


class DescribedForm(AccessibleForm):
    """Each input names its hint and its error (ids as returns/public/_field.html writes them);
    a radio group is described on its fieldset instead."""

    def full_clean(self):
        super().full_clean()
        self.describe()

    def describe(self):
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.pop("aria-describedby", None)
                continue
            ids = []
            if getattr(field, "hint", ""):
                ids.append(f"{html_name}-hint")
            if self.is_bound and name in self.errors:
                ids.append(f"{html_name}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class ReturnForm(DescribedForm):
    """One field per question the organisation is asked. A draft may leave anything empty;
    submitting needs every required answer."""

    def __init__(self, questions, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _field(
                question, required=submitting and question.required
            )
        self.describe()

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


def initial_from(answers) -> dict:
    initial = {}
    for answer in answers:
        if answer.number is not None:
            value = answer.number
        elif answer.yes_no is not None:
            value = "yes" if answer.yes_no else "no"
        else:
            value = answer.rag or answer.text
        initial[f"q{answer.question_id}"] = value
    return initial


class AddColleagueForm(DescribedForm):
    prefix = "colleague"
    first_name = forms.CharField(
        label="Their first name",
        max_length=100,
        error_messages={"required": "Enter your colleague's first name."},
    )
    last_name = forms.CharField(label="Their last name", max_length=100, required=False)
    email = forms.EmailField(
        label="Their work email address",
        max_length=254,
        error_messages={
            "required": "Enter your colleague's email address.",
            "invalid": "Enter an email address such as name@example.org.",
        },
    )
