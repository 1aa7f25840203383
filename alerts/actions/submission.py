"""What submitters do: report, come back with more information, ask for a link by email."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.attachments import CleanFile
from alerts.models import Outbox, Report, ReportAttachment, ReportMessage, Urgency
from alerts.receipts import hash_receipt, new_receipt_code, new_reference

from .audit import record
from .notify import (
    notify_more_information,
    notify_new_report,
    queue_notifications,
    route_report,
)


class DuplicateSubmission(Exception):
    """The same form was posted twice (a refresh or double click); carries the first report."""

    def __init__(self, report: Report):
        super().__init__(report.reference)
        self.report = report


def _save_files(report: Report, files: list[CleanFile], message: ReportMessage | None = None):
    for clean in files:
        attachment = ReportAttachment(
            report=report,
            message=message,
            content_type=clean.content_type,
            size=clean.size,
            original_name=clean.original_name,
        )
        attachment.file.save("upload", clean.content, save=False)
        attachment.save()


def submit_report(
    *,
    kind: str,
    description: str,
    district=None,
    location: str = "",
    occurred: str = "",
    submitter_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    notify_on_reply: bool = False,
    files: list[CleanFile] = (),
    user=None,
    submission_key: uuid.UUID | None = None,
) -> tuple[Report, str]:
    """Store a report and its cleaned files and queue the notifications, in one transaction.

    Returns (report, receipt code). The receipt code exists only in this return value: the
    database keeps its keyed hash. Raises DuplicateSubmission when `submission_key` was used.
    """
    if submission_key and (first := Report.objects.filter(submission_key=submission_key).first()):
        raise DuplicateSubmission(first)
    for _attempt in range(5):
        receipt = new_receipt_code()
        report = Report(
            reference=new_reference(),
            receipt_hash=hash_receipt(receipt),
            submission_key=submission_key,
            kind=kind,
            district=district,
            location=location,
            occurred=occurred,
            description=description,
            submitter_name=submitter_name,
            contact_email=contact_email.strip().lower(),
            contact_phone=contact_phone,
            notify_on_reply=notify_on_reply and bool(contact_email),
            submitted_by=user if user is not None and user.is_authenticated else None,
        )
        try:
            with transaction.atomic():
                people, urgent = route_report(report)
                report.urgency = Urgency.URGENT if urgent else Urgency.NORMAL
                report.save()
                _save_files(report, list(files))
                record(
                    user,
                    "alerts.report.submitted",
                    report,
                    actor_label="submitter",
                    files=len(files),
                    signed_in=report.submitted_by_id is not None,
                )
                notify_new_report(report, people)
            return report, receipt
        except IntegrityError:
            if submission_key and (
                first := Report.objects.filter(submission_key=submission_key).first()
            ):
                raise DuplicateSubmission(first) from None
            # A reference collision (30 random bits): draw again.
            continue
    raise RuntimeError("could not allocate a unique report reference")


@transaction.atomic
def add_submitter_information(report: Report, body: str, files: list[CleanFile] = ()):
    """The submitter adds information to their report (via receipt or emailed link). The
    inbox marks the report until a responder opens it, and the responders looking after it
    get a link-only notice."""
    # Fresh: the notice goes to whoever is assigned now, not when the caller loaded the report.
    report = Report.objects.select_for_update().get(pk=report.pk)
    message = ReportMessage.objects.create(
        report=report, kind=ReportMessage.Kind.SUBMITTER, body=body
    )
    _save_files(report, list(files), message)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(updated_at=now, new_information_at=now)
    report.new_information_at = now
    notified = notify_more_information(report, message)
    record(
        None,
        "alerts.report.submitter_added",
        report,
        actor_label="submitter",
        files=len(files),
        notified=[row.user_id for row in notified],
    )
    return message


@transaction.atomic
def request_report_link(report: Report) -> bool:
    """Queue an email with a signed link to the report, if the submitter gave an address.
    The email holds only the link. Returns False when there is no address."""
    if not report.contact_email:
        return False
    queue_notifications([Outbox(kind=Outbox.Kind.SUBMITTER_LINK, report=report, to_submitter=True)])
    record(None, "alerts.report.link_requested", report, actor_label="submitter")
    return True


def record_submitter_access(report: Report, via: str) -> None:
    """The submitter opened their report with the receipt code or an emailed link."""
    record(None, "alerts.report.submitter_opened", report, actor_label="submitter", via=via)
