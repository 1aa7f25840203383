"""Notifications to deliver: what to tell whom. Never report or reply text."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Outbox(models.Model):
    """One notification, written in the same transaction as the change it is about, so a
    notification is never lost when Redis or the mail provider is down: beat retries it."""

    class Kind(models.TextChoices):
        NEW_REPORT = "new_report", "New report"
        URGENT_REPORT = "urgent_report", "New urgent report"
        ESCALATION = "escalation", "Urgent report not acknowledged"
        SUBMITTER_LINK = "submitter_link", "Link for the submitter"
        SUBMITTER_REPLY = "submitter_reply", "Reply waiting for the submitter"
        RETENTION_WARNING = "retention_warning", "Reports due for removal"
        MORE_INFORMATION = "more_information", "New information on a report"
        ASSIGNED = "assigned", "Report assigned"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    report = models.ForeignKey(
        "alerts.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The responder to notify; empty for the submitter.",
    )
    to_submitter = models.BooleanField(default=False)
    payload = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name_plural = "outbox"

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"
