"""How many staff (or volunteers) of an organisation need each level: the base the take-up
report's coverage is measured against. Partner data, like the completions.

History, never edited: each statement is a new row (from a learning return or entered by the
coordinator), and the latest one on a day (`as_of`, then the order recorded) is the one that
counts (`learning.headcounts.stated`). A number covers the staff who need that level *or a
higher one* (everyone who needs WRAP needs the awareness level too), matching coverage, which
counts a person holding a higher level in date as covered at the levels below it."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from ..levels import Level

MOST_STAFF = 1_000_000


class Headcount(models.Model):
    class Source(models.TextChoices):
        RETURN = "return", "Learning and development return"
        COORDINATOR = "coordinator", "Entered by the coordinator"

    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.CASCADE, related_name="training_headcounts"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    staff_needing = models.PositiveIntegerField(
        "staff who need it",
        validators=[MaxValueValidator(MOST_STAFF)],
        help_text="Staff or volunteers whose role needs this level or a higher one.",
    )
    as_of = models.DateField(
        "as of", help_text="The day the organisation stated it (not in the future)."
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    source_detail = models.CharField(
        max_length=200, blank=True, help_text="The return it was answered in, or a note."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "level", "-as_of", "-pk"]
        indexes = [
            # The latest statement per (organisation, level) on a day: one probe each.
            models.Index(fields=["organisation", "level", "as_of"], name="headcount_org_level_day"),
        ]
        verbose_name = "staff needing training"
        verbose_name_plural = "staff needing training"

    def __str__(self):
        return f"{self.organisation}: {self.staff_needing:,} need level {self.level} or above"
