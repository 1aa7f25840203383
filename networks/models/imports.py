from django.conf import settings
from django.db import models


class CsvImport(models.Model):
    """What every CSV import keeps of one upload (the contact import here, the completions
    import in `learning`), from mapping through dry run to import, with its error report.

    The decoded file is kept so the mapping and dry-run steps need no re-upload; it is emptied
    once the import has run, as it holds personal data the import's own tables now hold."""

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
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class ContactImport(CsvImport):
    """One CSV upload of contacts (`networks.actions.imports`)."""

    class Mode(models.TextChoices):
        UPDATE = "update", "Update contacts that already exist"
        SKIP = "skip", "Skip contacts that already exist"

    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.SKIP)
