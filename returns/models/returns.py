"""Returns: a set of typed questions for a period, sent to organisations' Prevent leads, who
answer through a personal link (no account). One Response per organisation; its Respondents are
the people who may open it (the lead, and a colleague the lead or the coordinator added).

What a return must never hold: information about an individual or a Channel case. Questions are
whole numbers, yes/no, RAG statuses and short text; short-text answers carry a warning not to
name anyone; the police figures are counts by referral source sector only.
"""

import secrets

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .plan import RAG


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Template(models.TextChoices):
    """The ready-made returns (returns.templates builds their questions)."""

    CUSTOM = "custom", "Custom return"
    LD_QUARTERLY = "ld_quarterly", "Quarterly learning and development return"
    ACTION_UPDATE = "action_update", "Quarterly action update"
    POLICE_FIGURES = "police_figures", "Police Prevent team's quarterly figures"
    SELF_ASSESSMENT = "self_assessment", "Annual self-assessment of the Prevent duty"


class Return(ClusterableModel):
    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", "A quarter"
        YEAR = "year", "A financial year"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft (not sent)"
        SENT = "sent", "Sent"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    template = models.CharField(max_length=20, choices=Template.choices, default=Template.CUSTOM)
    period_kind = models.CharField(
        max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    period_start = models.DateField(
        help_text="The first day of the quarter (1 April, 1 July, 1 October, 1 January) or of "
        "the financial year (1 April) the return is about."
    )
    due_on = models.DateField("due date")
    introduction = models.TextField(
        blank=True, help_text="Shown at the top of the form and in the email."
    )
    organisations = models.ManyToManyField(
        "networks.Organisation", blank=True, related_name="+", help_text="Sent to these…"
    )
    # A list of networks.Sector values (JSON, so SQLite runs it too, as `make run` does).
    sectors = models.JSONField(
        default=list,
        blank=True,
        help_text="…and to every specified authority of these sectors.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    send = models.OneToOneField(
        "sending.Send", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        permissions = [
            ("view_returns_report", "Can view the returns' figures and the plan's progress")
        ]
        indexes = [models.Index(fields=["template", "period_start"])]

    def __str__(self):
        return self.title

    @property
    def period(self):
        from core.periods import Quarter, Year

        if self.period_kind == self.PeriodKind.YEAR:
            return Year.of(self.period_start)
        return Quarter.of(self.period_start)


class Question(Orderable):
    class Kind(models.TextChoices):
        WHOLE_NUMBER = "whole_number", "Whole number"
        YES_NO = "yes_no", "Yes or no"
        RAG = "rag", "Status (on track, at risk, off track, complete)"
        SHORT_TEXT = "short_text", "Short text"

    ret = ParentalKey(Return, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField(
        max_length=500, help_text="Shown under the question: what to count, or how to choose."
    )
    required = models.BooleanField(default=True)
    # What the answer means to the aggregates (set by the templates).
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="L&D level 1, 2 or 3 that a count of staff trained is for."
    )
    headcount_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="L&D level 1, 2 or 3 that a count of staff needing it (or a higher one) is "
        "for: submitted answers become the organisation's headcount in learning.",
    )
    referral_source = models.CharField(
        max_length=32, blank=True, help_text="Referral source sector a count of concerns is for."
    )
    action = models.ForeignKey(
        "returns.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Asked only of the organisations responsible for this action.",
    )
    expectation = models.CharField(max_length=40, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("action"),
    ]

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.text


class Response(models.Model):
    """One organisation's answer to one return."""

    class State(models.TextChoices):
        NOT_OPENED = "not_opened", "Not opened"
        DRAFTED = "drafted", "Drafted"
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened for changes"

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.CASCADE, related_name="return_responses"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_OPENED)
    opened_at = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        "networks.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_note = models.CharField(max_length=500, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "organisation"], name="one_response_per_org")
        ]
        indexes = [models.Index(fields=["ret", "state"])]

    def __str__(self):
        return f"{self.ret} · {self.organisation}"


class Respondent(models.Model):
    """Someone who may open an organisation's response through their personal link."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="respondents")
    contact = models.ForeignKey(
        "networks.Contact", on_delete=models.CASCADE, related_name="return_respondents"
    )
    is_lead = models.BooleanField(default=False)
    delivery = models.ForeignKey(
        "sending.Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by_contact = models.ForeignKey(
        "networks.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set from the chase's personal links: this person gets no more chases for this response
    # ("stop reminders for this return", or after handing it to a colleague). Their link to
    # the return still opens it.
    chases_stopped_at = models.DateTimeField(null=True, blank=True)
    # "I am not the right person": when, and to whom (None when the address they gave could
    # not be added: held by another organisation, or not mailable; the history says which).
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_to = models.ForeignKey(
        "networks.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "contact"], name="one_respondent_per_contact"
            )
        ]

    def __str__(self):
        return f"{self.contact} · {self.response}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveIntegerField(null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    rag = models.CharField(max_length=20, choices=RAG.choices, blank=True)
    text = models.CharField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.question} · {self.display}"

    @property
    def display(self) -> str:
        if self.number is not None:
            return f"{self.number:,}"
        if self.yes_no is not None:
            return "Yes" if self.yes_no else "No"
        if self.rag:
            return self.get_rag_display()
        return self.text


class Chase(models.Model):
    """A chase sent for a response at one offset from its due date (negative: before), so
    beat running again never chases twice at the same offset."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="chases")
    offset_days = models.IntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "offset_days"], name="one_chase_per_offset")
        ]

    def __str__(self):
        return f"{self.response} · {self.offset_days:+d} days"
