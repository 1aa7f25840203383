"""The partnership's action plan as data: plans with their periods, work themes, actions, and
each action's quarterly progress (append-only: a quarter's history is never overwritten)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models


class RAG(models.TextChoices):
    """Progress in words: colour is only ever a second signal (never colour alone)."""

    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class Plan(models.Model):
    """One action plan for its period (2015–2018, then each refreshed plan). The annual refresh
    (action 2.5) copies a plan forward (`returns.actions.copy_plan_forward`) and changes the
    copy."""

    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The plan cannot end before it starts."})


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    aim = models.TextField(blank=True, help_text="What the theme is for, in the plan's words.")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_theme_number_per_plan")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Action(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=10, help_text="As in the plan, e.g. 3.5.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("action")
    responsible_agency = models.CharField(max_length=300, blank=True)
    responsible_organisations = models.ManyToManyField(
        "networks.Organisation",
        blank=True,
        related_name="plan_actions",
        help_text="The directory's organisations that report on this action in the quarterly "
        "action update.",
    )
    key_stakeholders = models.TextField(blank=True)
    timescale = models.CharField(max_length=300, blank=True)
    outcomes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        ordering = ["theme__plan", "theme__number", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="one_action_number_per_theme")
        ]

    def __str__(self):
        return f"{self.number} {self.text[:80]}"


def validate_evidence_links(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for line in (value or "").splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    f"“{line.strip()[:80]}” is not a web address (https://…)."
                ) from None


class ProgressUpdate(models.Model):
    """One report of an action's progress in a quarter. Append-only: a later report for the
    same quarter is a new row (the latest one counts), so the history is never overwritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    quarter_start = models.DateField(
        help_text="The first day of the quarter reported on (April, July, October, January)."
    )
    status = models.CharField(max_length=20, choices=RAG.choices)
    narrative = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What happened this quarter. Do not name anyone or describe a case.",
    )
    evidence_links = models.TextField(
        blank=True,
        validators=[validate_evidence_links],
        help_text="Web addresses of the evidence, one a line.",
    )
    reported_by = models.CharField(
        max_length=200, help_text="Who reported it: a person's role and organisation."
    )
    organisation = models.ForeignKey(
        "networks.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_by_contact = models.ForeignKey(
        "networks.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.ForeignKey(
        "returns.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-quarter_start", "-created_at", "-id"]
        indexes = [models.Index(fields=["action", "quarter_start"])]

    def __str__(self):
        return f"{self.action.number} · {self.quarter_start:%b %Y} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Progress history is append-only: record a new update instead.")
        super().save(*args, **kwargs)

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]
