"""The competency framework as data: who is expected to hold which level (seed Figure 2).
Editors keep it under Learning and development → Competency framework; the package pages read
their "who should take it" from it and the take-up report's "who to target next" tests it."""

from django.db import models
from wagtail.admin.panels import FieldPanel

from networks.models import Sector

from ..levels import Level


class Expectation(models.Model):
    """One line of the framework: people of `roles` (any role when empty) in organisations of
    `sector` (any sector when blank; only specified authorities when ticked) are expected to
    hold `level`."""

    level = models.PositiveSmallIntegerField(choices=Level.choices)
    audience = models.CharField(
        "who, in words",
        max_length=200,
        help_text="As the package page shows it, e.g. “School governors”.",
    )
    roles = models.ManyToManyField(
        "networks.Role",
        blank=True,
        related_name="+",
        help_text="Directory roles this line is about. Empty: everyone in the organisations.",
    )
    sector = models.CharField(
        max_length=32,
        blank=True,
        choices=Sector.choices,
        help_text="Only organisations of this sector. Empty: every sector.",
    )
    specified_authorities_only = models.BooleanField(
        default=False, help_text="Only organisations subject to the Prevent duty."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("level"),
        FieldPanel("audience"),
        FieldPanel("roles"),
        FieldPanel("sector"),
        FieldPanel("specified_authorities_only"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["level", "sort_order", "pk"]
        verbose_name = "competency framework line"

    def __str__(self):
        return f"Level {self.level}: {self.audience}"
