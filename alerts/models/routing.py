"""Who is told about which report, who may see which, and reply templates."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel

from .reports import Kind


class RoutingRule(models.Model):
    """Kind + district decide who is notified of a new report and whether it is urgent.

    Empty `kind` / no districts match everything. When no rule matches, every responder who may
    see the report is notified, so a report is never silently unrouted.
    """

    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=16, choices=Kind.choices, blank=True, help_text="Empty: every kind."
    )
    districts = models.ManyToManyField(
        "networks.District", blank=True, related_name="+", help_text="None: every district."
    )
    notify_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    notify_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    urgent = models.BooleanField(
        default=False,
        help_text="Reports matching this rule are urgent: notified at once and escalated "
        "when nobody acknowledges them in time.",
    )
    escalate_to_groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="+",
        help_text="Told when an urgent report is still unacknowledged after the escalation "
        "time. None: responders who see every district.",
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("districts"),
        FieldPanel("notify_users"),
        FieldPanel("notify_groups"),
        FieldPanel("urgent"),
        FieldPanel("escalate_to_groups"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResponderScope(models.Model):
    """Limits a responder to some districts. A responder without a scope (or with no
    districts) sees every report."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responder_scope"
    )
    districts = models.ManyToManyField("networks.District", related_name="+")

    panels = [FieldPanel("user"), FieldPanel("districts")]

    class Meta:
        verbose_name = "responder district scope"

    def __str__(self):
        return f"Scope of {self.user}"


class ReplyTemplate(models.Model):
    """A reusable starting point for replies to submitters (plain text)."""

    title = models.CharField(max_length=120, unique=True)
    body = models.TextField()

    panels = [FieldPanel("title"), FieldPanel("body")]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
