"""Which reports prompted which alerts: the link a responder makes from the report's triage
screen, so the board can see how long it took from the first report to the alert."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportAlertLink(models.Model):
    """A report that prompted an alert (one report may prompt several alerts, one alert may come
    from several reports). Holds ids and a time only, never report content. Deleting the report
    (retention, delete mode) or the alert page deletes the link with it."""

    report = models.ForeignKey(
        "alerts.Report", on_delete=models.CASCADE, related_name="alert_links"
    )
    alert = models.ForeignKey(
        "alerts.AlertPage", on_delete=models.CASCADE, related_name="report_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [
            # Linking twice (a double click, two tabs) is one link: the database refuses a second.
            models.UniqueConstraint(fields=["report", "alert"], name="alerts_report_alert_once")
        ]

    def __str__(self):
        return f"Report #{self.report_id} → alert #{self.alert_id}"
