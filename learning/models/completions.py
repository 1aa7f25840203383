"""Completions: who took which level when (the partnership's take-up figure). Partner data:
staff only, never on a public page, erasable on request."""

import uuid

from django.db import models

from networks.models import CsvImport, Sector

from ..levels import Level


class Completion(models.Model):
    """One person completing one level on one day: from a check-in at a training session (one
    per booking, however often the button is pressed) or from an imported file (e.g. the
    e-learning platform's export).

    Organisation, sector and district are recorded as they were on the day, so the quarter's
    figures do not move when somebody changes job. A person the directory does not know is kept
    against the organisation's name (`contact` empty): no contact is created for them, as they
    never agreed to be mailed. Erasure blanks the person (`erased_at`) and keeps the row for the
    anonymous counts."""

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", "Attended a session"
        IMPORT = "import", "Imported"

    contact = models.ForeignKey(
        "networks.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_completions",
    )
    person_name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True, help_text="Normalised (lower-case).")
    organisation = models.ForeignKey(
        "networks.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_completions",
    )
    organisation_name = models.CharField(
        "organisation as given", max_length=200, blank=True, help_text="When not matched."
    )
    sector = models.CharField(max_length=32, choices=Sector.choices, blank=True)
    district = models.ForeignKey(
        "networks.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    completed_on = models.DateField()
    course = models.CharField(max_length=200, blank=True)
    session = models.ForeignKey(
        "learning.TrainingSessionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    booking = models.OneToOneField(
        "events.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completion",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    source_import = models.ForeignKey(
        "learning.CompletionImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    person_key = models.CharField(
        max_length=270,
        editable=False,
        help_text="Who, for counting people rather than completions: the contact, else the "
        "address, else the row itself (`person_key_for`).",
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [
            # The take-up report's aggregates: each breakdown reads one of these.
            models.Index(fields=["completed_on", "level"], name="completion_day_level"),
            models.Index(
                fields=["organisation", "level", "person_key"], name="completion_org_level_person"
            ),
            models.Index(fields=["level", "sector"], name="completion_level_sector"),
            models.Index(fields=["level", "district"], name="completion_level_district"),
            models.Index(fields=["contact", "level"], name="completion_contact_level"),
            # The people of each organisation (`learning.coverage.people_of`): read in
            # (organisation, person) order from the index alone, and counted without a hash.
            models.Index(
                fields=["organisation", "person_key"],
                include=["level", "completed_on"],
                name="completion_org_person",
            ),
            models.Index(fields=["email"], name="completion_email"),
        ]
        constraints = [
            # Erasure blanks the person (`learning.privacy`): an erased row names nobody, so
            # "a completion of this contact" never needs to ask whether it was erased.
            models.CheckConstraint(
                condition=models.Q(erased_at__isnull=True) | models.Q(contact__isnull=True),
                name="erased_completion_has_no_contact",
            )
        ]
        permissions = [
            (
                "view_takeup_report",
                "Can view the take-up report (figures only, small numbers suppressed)",
            )
        ]

    def __str__(self):
        return f"Level {self.level} · {self.completed_on}"

    def save(self, *args, **kwargs):
        if not self.person_key:
            self.person_key = person_key_for(self.contact_id, self.email)
        super().save(*args, **kwargs)


def person_key_for(contact_id, email, row_id=None) -> str:
    """The same person holding a level twice counts once: a contact is one person; without one,
    an address is; with neither (nameless, erased) each row counts alone. Set it for rows made
    with bulk_create (save() sets it otherwise)."""
    if contact_id:
        return f"c:{contact_id}"
    if email:
        return f"e:{email}"
    return f"r:{row_id or uuid.uuid4().hex}"


class CompletionImport(CsvImport):
    """One CSV upload of completions (`learning.imports`), with the contact import's steps."""

    level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        default=Level.E_LEARNING,
        help_text="The level of rows whose level column is empty or not mapped.",
    )
    # Declared again only to keep the table's migration state as it was (no help text).
    unmatched_organisations = models.JSONField(default=list, blank=True)
