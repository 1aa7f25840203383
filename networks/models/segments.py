from django.db import models

from .contacts import Contact


class Segment(models.Model):
    """A saved audience: structured rules, plus manual include/exclude rows that beat the rules.

    `rules` is a dict whose keys are AND-ed and whose list values are OR-ed:
        {"districts": [ids], "roles": [ids], "sectors": ["health", …], "networks": [ids],
         "organisations": [ids], "tags": ["names"], "topics": ["newsletter", …],
         "exclude": {same keys: contacts matching any excluded value are left out}}
    An empty rules dict matches nobody (a segment of static members only). Resolution is
    `networks.segments.resolve_segments()`.
    """

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    rules = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SegmentMember(models.Model):
    """A manual row: INCLUDE adds a contact whatever the rules say; EXCLUDE removes one."""

    class Mode(models.TextChoices):
        INCLUDE = "include", "Include"
        EXCLUDE = "exclude", "Exclude"

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="manual_members")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="segment_rows")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.INCLUDE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "contact"], name="one_manual_row_per_contact"
            )
        ]

    def __str__(self):
        return f"{self.get_mode_display()} {self.contact} in {self.segment}"
