"""What responders do to a report. Each function checks nothing about access (the views do,
through alerts.access) and leaves an audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alerts.models import Outbox, Outcome, Report, ReportMessage, State, Urgency

from .audit import record
from .notify import notify_assignee, queue_notifications

# Allowed moves. Reopening a closed report is allowed: information arrives late.
TRANSITIONS = {
    State.NEW: {State.ACKNOWLEDGED, State.IN_PROGRESS, State.CLOSED},
    State.ACKNOWLEDGED: {State.IN_PROGRESS, State.CLOSED},
    State.IN_PROGRESS: {State.CLOSED, State.ACKNOWLEDGED},
    State.CLOSED: {State.IN_PROGRESS},
}


def record_report_viewed(report: Report, user) -> None:
    """A responder opened the report: audited, and its "new information" marker is cleared."""
    if report.new_information_at is not None:
        Report.objects.filter(pk=report.pk).update(new_information_at=None)
        report.new_information_at = None
    record(user, "alerts.report.viewed", report)


@transaction.atomic
def change_report_state(report: Report, user, state: str, outcome: str = "") -> Report:
    """Move a report to `state`; closing needs an outcome. Raises ValidationError."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if state == report.state:
        return report
    if state not in TRANSITIONS.get(report.state, set()):
        raise ValidationError(
            f"A {report.get_state_display().lower()} report cannot become "
            f"{State(state).label.lower()}."
        )
    if state == State.CLOSED and outcome not in Outcome.values:
        raise ValidationError("Choose the outcome before closing the report.")
    previous = report.state
    now = timezone.now()
    report.state = state
    if state != State.NEW and report.acknowledged_at is None:
        report.acknowledged_at = now
    if state == State.CLOSED:
        report.outcome = outcome
        report.closed_at = now
    else:
        report.outcome = ""
        report.closed_at = None
        report.retention_warned_at = None
    report.save()
    record(
        user,
        "alerts.report.state_changed",
        report,
        previous=previous,
        state=state,
        outcome=report.outcome,
    )
    return report


@transaction.atomic
def set_report_urgency(report: Report, user, urgency: str) -> Report:
    if urgency not in Urgency.values:
        raise ValidationError("Unknown urgency.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    previous, report.urgency = report.urgency, urgency
    report.save(update_fields=["urgency", "updated_at"])
    record(user, "alerts.report.urgency_changed", report, previous=previous, urgency=urgency)
    return report


@transaction.atomic
def assign_report(report: Report, user, assignee=None, group=None) -> Report:
    """Assign to a person and/or a team (group); None clears. The views only offer people who
    may see the report."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    newly_assigned = assignee is not None and assignee.pk != report.assigned_user_id
    report.assigned_user = assignee
    report.assigned_group = group
    report.save(update_fields=["assigned_user", "assigned_group", "updated_at"])
    entry = record(
        user,
        "alerts.report.assigned",
        report,
        assignee=assignee.pk if assignee else None,
        group=group.pk if group else None,
    )
    if newly_assigned:
        notify_assignee(report, assignee, user, entry.pk)
    return report


@transaction.atomic
def add_internal_note(report: Report, user, body: str) -> ReportMessage:
    """A note for responders only; the submitter never sees it."""
    note = ReportMessage.objects.create(
        report=report, kind=ReportMessage.Kind.NOTE, body=body, author=user
    )
    record(user, "alerts.report.note_added", report, message=note.pk)
    return note


@transaction.atomic
def send_reply(report: Report, user, body: str) -> ReportMessage:
    """A reply the submitter reads with their receipt or link. If they asked to be told, an
    email with only a link is queued. Replying acknowledges a new report."""
    reply = ReportMessage.objects.create(
        report=report, kind=ReportMessage.Kind.REPLY, body=body, author=user
    )
    if Report.objects.filter(pk=report.pk, first_replied_at__isnull=True).update(
        first_replied_at=reply.created_at
    ):
        report.first_replied_at = reply.created_at
    if report.state == State.NEW:
        change_report_state(report, user, State.ACKNOWLEDGED)
    if report.notify_on_reply and report.contact_email:
        queue_notifications(
            [
                Outbox(
                    kind=Outbox.Kind.SUBMITTER_REPLY,
                    report=report,
                    to_submitter=True,
                    dedupe_key=f"reply:{reply.pk}",
                )
            ]
        )
    record(user, "alerts.report.replied", report, message=reply.pk)
    return reply


@transaction.atomic
def set_legal_hold(report: Report, user, hold: bool, reason: str = "") -> Report:
    """A report under legal hold is never anonymised or deleted by the retention rules."""
    if hold and not reason.strip():
        raise ValidationError("Say why the report is held (e.g. the case or request it serves).")
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.legal_hold = hold
    report.legal_hold_reason = reason.strip() if hold else ""
    report.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    record(
        user, "alerts.report.legal_hold_set" if hold else "alerts.report.legal_hold_lifted", report
    )
    return report


def record_attachment_download(attachment, user) -> None:
    record(user, "alerts.attachment.downloaded", attachment.report, attachment=attachment.pk)


def record_reports_exported(user, reports: list[Report], filters: dict) -> None:
    """One entry per exported report, so each report's history shows the export."""
    from alerts.models import AuditEntry

    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            actor=user,
            actor_label=user.get_username(),
            action="alerts.report.exported",
            report_id_value=report.pk,
            report_reference=report.reference,
            detail={"filters": filters, "count": len(reports)},
        )
        for report in reports
    )
