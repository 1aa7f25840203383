from django.conf import settings
from django.db import models


class ContactImport(models.Model):
    """One CSV upload, from mapping through dry run to import, with its error report.

    The decoded file is kept so the mapping and dry-run steps need no re-upload; it is emptied
    once the import has run, as it holds personal data the directory now holds anyway."""

    class Mode(models.TextChoices):
        UPDATE = "update", "Update contacts that already exist"
        SKIP = "skip", "Skip contacts that already exist"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKED = "checked", "Dry run done"
        IMPORTED = "imported", "Imported"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    encoding = models.CharField(max_length=20)
    delimiter = models.CharField(max_length=1, default=",")
    text = models.TextField(blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.SKIP)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True, help_text="[[row, column, message], …]")
    unmatched_organisations = models.JSONField(
        default=list,
        blank=True,
        help_text="Organisations of the file not in the directory: "
        "[[name as typed, [rows], likely organisation or empty], …]",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
