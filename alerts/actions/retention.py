"""Retention: closed reports are anonymised (or deleted) after ALERTS_RETENTION_DAYS, with a
warning to the responders a week before listing what will go. A legal hold keeps a report."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alerts.models import Outbox, Report, ReportMessage, State

from .audit import record
from .notify import queue_notifications

WARNING_AHEAD = timedelta(days=7)
REMOVED = "[Removed under the retention rules]"


@dataclass
class RetentionResult:
    warned: list[str] = field(default_factory=list)
    anonymised: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _expired_before(now):
    return now - timedelta(days=settings.ALERTS_RETENTION_DAYS)


def reports_due(now=None):
    """Closed, unheld, not yet anonymised reports whose retention period has ended."""
    now = now or timezone.now()
    return Report.objects.filter(
        state=State.CLOSED,
        legal_hold=False,
        anonymised_at__isnull=True,
        closed_at__lte=_expired_before(now),
    )


def reports_due_within_warning(now=None):
    now = now or timezone.now()
    return Report.objects.filter(
        state=State.CLOSED,
        legal_hold=False,
        anonymised_at__isnull=True,
        retention_warned_at__isnull=True,
        closed_at__lte=_expired_before(now + WARNING_AHEAD),
    )


def _anonymise(report: Report, now) -> None:
    for attachment in report.attachments.all():
        attachment.file.delete(save=False)
    report.attachments.all().delete()
    ReportMessage.objects.filter(report=report).update(body=REMOVED)
    Report.objects.filter(pk=report.pk).update(
        description=REMOVED,
        location="",
        occurred="",
        submitter_name="",
        contact_email="",
        contact_phone="",
        notify_on_reply=False,
        submitted_by=None,
        receipt_hash=None,
        submission_key=None,
        anonymised_at=now,
        updated_at=now,
    )


def _delete(report: Report) -> None:
    for attachment in report.attachments.all():
        attachment.file.delete(save=False)
    report.delete()


def warn_of_removal(now=None) -> list[str]:
    """Queue one warning to the unscoped responders listing the reports that will go within a
    week (references and dates only). Returns the references warned about."""
    from .notify import responders_who_can_see

    now = now or timezone.now()
    with transaction.atomic():
        due = list(reports_due_within_warning(now).select_for_update().order_by("closed_at"))
        if not due:
            return []
        listing = [
            {
                "reference": r.reference,
                "removal_on": (r.closed_at + timedelta(days=settings.ALERTS_RETENTION_DAYS))
                .date()
                .isoformat(),
            }
            for r in due
        ]
        # Anyone who sees every district sees every report listed; scoped responders get
        # only their own reports through a separate row each.
        by_user: dict[int, tuple] = {}
        for report in due:
            for user in responders_who_can_see(report):
                by_user.setdefault(user.pk, (user, []))[1].append(report.reference)
        rows = [
            Outbox(
                kind=Outbox.Kind.RETENTION_WARNING,
                user=user,
                payload={"reports": [item for item in listing if item["reference"] in refs]},
            )
            for user, refs in by_user.values()
        ]
        queue_notifications(rows)
        Report.objects.filter(pk__in=[r.pk for r in due]).update(retention_warned_at=now)
        for report in due:
            record(None, "alerts.report.retention_warned", report, actor_label="system")
    return [item["reference"] for item in listing]


def apply_retention(now=None, dry_run: bool = False) -> RetentionResult:
    """Warn about what goes next week, then anonymise or delete what is due (per
    ALERTS_RETENTION_MODE). A report is only removed once its warning is at least a week old,
    so nobody is surprised by a removal. With dry_run nothing changes."""
    now = now or timezone.now()
    result = RetentionResult()
    if dry_run:
        result.warned = list(reports_due_within_warning(now).values_list("reference", flat=True))
        due = reports_due(now).filter(retention_warned_at__lte=now - WARNING_AHEAD)
        target = result.deleted if settings.ALERTS_RETENTION_MODE == "delete" else result.anonymised
        target.extend(due.values_list("reference", flat=True))
        return result
    result.warned = warn_of_removal(now)
    due_ids = list(
        reports_due(now)
        .filter(retention_warned_at__lte=now - WARNING_AHEAD)
        .values_list("pk", flat=True)
    )
    for pk in due_ids:
        with transaction.atomic():
            report = reports_due(now).select_for_update().filter(pk=pk).first()
            if report is None:  # held or reopened meanwhile
                continue
            if settings.ALERTS_RETENTION_MODE == "delete":
                record(None, "alerts.report.deleted", report, actor_label="retention")
                _delete(report)
                result.deleted.append(report.reference)
            else:
                _anonymise(report, now)
                record(None, "alerts.report.anonymised", report, actor_label="retention")
                result.anonymised.append(report.reference)
    return result
