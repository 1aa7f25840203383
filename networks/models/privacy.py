"""Data protection requests (UK GDPR articles 15 and 17): when a subject-access or erasure
request arrived, by when it must be met, and when it was met."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models


def one_calendar_month_after(day: dt.date) -> dt.date:
    """The UK GDPR deadline for a request received on `day`: the same date in the next month,
    or that month's last day when it has no such date (31 January → 28 or 29 February), as the
    ICO counts it. The ICO's extra day when the deadline falls on a weekend or bank holiday is
    not applied: the partnership holds no calendar of bank holidays, so this errs early."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


class PrivacyRequest(models.Model):
    """A request the coordinator recorded from a contact's screen, met by the export or the
    erasure of that contact (`networks.actions.privacy`). No free text: the row holds the kind
    and its dates, and after an erasure not even the contact (the link is cleared)."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Subject access (a copy of everything held)"
        ERASURE = "erasure", "Erasure"

    contact = models.ForeignKey(
        "networks.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="privacy_requests",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    received_on = models.DateField(help_text="The date the request arrived.")
    due_on = models.DateField(help_text="One calendar month after it arrived.")
    met_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        # Never the contact's name: the row may be shown beside figures.
        return f"{self.get_kind_display()} request #{self.pk}"

    def save(self, *args, **kwargs):
        if self.received_on and not self.due_on:
            self.due_on = one_calendar_month_after(self.received_on)
        super().save(*args, **kwargs)
