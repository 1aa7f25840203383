"""Reports (sensitive data class): what a submitter told us, and the conversation about it."""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    # Wording is about behaviour and tension, never about a faith or ethnic group (PRODUCT.md).
    GENERAL_FEEDBACK = "feedback", "General feedback to the partnership"
    COMMUNITY_TENSION = "tension", "Community tension"
    ONLINE_MATERIAL = "online", "Concern about online material or activity"
    VENUE_BOOKING = "venue", "Concern about a venue or event booking"
    OTHER = "other", "Something else"


class State(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    REFERRED_POLICE = "police", "Referred to the police Prevent team"
    REFERRED_SAFEGUARDING = "safeguarding", "Referred to safeguarding"
    SHARED_WITH_PARTNERS = "shared", "Information shared with partners"


class Urgency(models.TextChoices):
    NORMAL = "normal", "Normal"
    URGENT = "urgent", "Urgent"


class PrivateStorage(FileSystemStorage):
    """Attachments live outside any public URL; they are served only by the audited download
    view, so this storage has no URL at all."""

    # Read the setting on each use (not once at import), so it can differ per deployment/test.
    @property
    def base_location(self):
        return str(settings.ALERTS_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("report attachments have no public URL")


def private_storage():
    return PrivateStorage()


def random_attachment_name(instance, filename):
    # The submitter's file name never reaches the disk: it can carry personal data.
    return f"reports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class Report(models.Model):
    """One feedback or tension report. The receipt code is never stored, only its keyed hash."""

    reference = models.CharField(max_length=16, unique=True)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    submission_key = models.UUIDField(unique=True, null=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    district = models.ForeignKey(
        "networks.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="Empty when the submitter did not know.",
    )
    location = models.CharField("where", max_length=255, blank=True)
    occurred = models.CharField("when", max_length=255, blank=True)
    description = models.TextField("what happened")
    submitter_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    notify_on_reply = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    assigned_group = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # When the first reply to the submitter was sent (set by `send_reply`): the board's "time
    # to first reply" reads it with the report instead of looking for each report's replies.
    first_replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    new_information_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the submitter last added information no responder has opened yet.",
    )

    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.CharField(max_length=255, blank=True)
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "urgency"]),
            models.Index(fields=["state", "closed_at"]),
            # The board's "reports under legal hold" count: holds are few, so a partial index
            # answers it without reading every report.
            models.Index(
                fields=["id"], condition=models.Q(legal_hold=True), name="report_legal_holds"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def district_label(self) -> str:
        return self.district.name if self.district_id else "Not known"


class ReportMessage(models.Model):
    """A message in a report's conversation. Notes are internal and never shown to the
    submitter; replies are; `submitter` is more information the submitter added later."""

    class Kind(models.TextChoices):
        SUBMITTER = "submitter", "From the submitter"
        REPLY = "reply", "Reply to the submitter"
        NOTE = "note", "Internal note"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.report_id}"


class ReportAttachment(models.Model):
    """A checked file: an image re-encoded without its metadata, or a PDF."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=random_attachment_name, storage=private_storage)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"attachment {self.pk} of report {self.report_id}"
