"""Linking a report to the alert it prompted, and undoing it. Like the other triage actions
these check nothing about access: the views get the report through `alerts.access` and the
alert through `alerts.permissions` (404 alike for missing and not-yours) before calling."""

from django.db import transaction

from alerts.models import AlertPage, Report, ReportAlertLink

from .audit import record


@transaction.atomic
def link_report_to_alert(report: Report, alert: AlertPage, user) -> bool:
    """Record that `report` prompted `alert`. Returns True when the link is new; a second call
    (a double click, two tabs, two at once: the database's unique constraint decides) links
    nothing more and writes no audit entry."""
    _link, created = ReportAlertLink.objects.get_or_create(
        report=report, alert=alert, defaults={"linked_by": user}
    )
    if created:
        record(user, "alerts.report.linked_to_alert", report, alert=alert.pk)
    return created


@transaction.atomic
def unlink_report_from_alert(report: Report, alert: AlertPage, user) -> bool:
    """Remove the link between `report` and `alert`. Returns False (and audits nothing) when
    there was none."""
    deleted, _ = ReportAlertLink.objects.filter(report=report, alert=alert).delete()
    if deleted:
        record(user, "alerts.report.unlinked_from_alert", report, alert=alert.pk)
    return bool(deleted)
