"""The public forms of returns (the lead's form, adding a colleague), on the project's one
accessible form base, `core.forms.AccessibleForm`, rendered by the one form renderer (each
question's hint is its field's help_text, which Django names in aria-describedby)."""

from django import forms

from core.forms import AccessibleForm
from learning.headcounts import problems

from .models import RAG, Question
from .ready_made import NO_NAMES

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_NUMBER = 1_000_000


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _field(question: Question, required: bool) -> forms.Field:
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
            label=question.text,
            required=required,
        )
    elif question.kind == Question.Kind.YES_NO:
        field = forms.ChoiceField(
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose yes or no for “{question.text}”."},
            label=question.text,
            required=required,
        )
    elif question.kind == Question.Kind.RAG:
        field = forms.ChoiceField(
            choices=RAG.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose a status for “{question.text}”."},
            label=question.text,
            required=required,
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
            label=question.text,
            required=required,
        )
    field.help_text = hint
    return field


class ReturnForm(AccessibleForm):
    """One field per question the organisation is asked. A draft may leave anything empty;
    submitting needs every required answer. Staff-needing questions (`headcount_level`) say
    the organisation's last statement (`previous`: learning's `stated_for`) and are checked
    with learning's rule (`learning.headcounts.problems`: level 1's number is never below
    level 2's, …), the same the coordinator's screen uses."""

    def __init__(self, questions, *args, submitting=False, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.previous = previous or {}
        for question in self.questions:
            field = _field(question, required=submitting and question.required)
            said = self.previous.get(question.headcount_level)
            if said is not None:
                field.help_text += (
                    f" Last stated: {said.staff_needing:,} on {said.as_of:%-d %B %Y}."
                )
            self.fields[field_name(question)] = field

    def headcount_fields(self) -> dict[int, str]:
        return {q.headcount_level: field_name(q) for q in self.questions if q.headcount_level}

    def clean(self):
        data = super().clean()
        fields = self.headcount_fields()
        figures = {
            level: data.get(name) for level, name in fields.items() if name not in self.errors
        }
        for level, message in problems(figures, self.previous).items():
            self.add_error(fields[level], message)
        return data

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


def initial_headcounts(questions, previous) -> dict:
    """The staff-needing questions filled in with the organisation's last statement."""
    return {
        field_name(q): previous[q.headcount_level].staff_needing
        for q in questions
        if q.headcount_level in previous
    }


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


class AddColleagueForm(AccessibleForm):
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
