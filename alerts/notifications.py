"""The one function that sends a notification email. Everything that emails from alerts/ goes
through `deliver_notification`, which hands the message to the sending engine (one
Delivery row, tracking, retries, suppression): `send_to_address`, since neither responders nor
reporters are directory contacts — a reporter's address must never enter the directory.

Content-free by design: a notification says that something needs attention and links to it.
It never carries a report's text, a reply's text or anything the submitter typed.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from sending.engine import MessageContent, send_to_address

from .models import Outbox


class NoRecipient(Exception):
    """The row has nobody to send to (no address, or the report was anonymised)."""


SUBJECTS = {
    Outbox.Kind.NEW_REPORT: "A new report needs attention",
    Outbox.Kind.URGENT_REPORT: "Urgent: a new report needs attention",
    Outbox.Kind.ESCALATION: "Urgent report not yet acknowledged",
    Outbox.Kind.SUBMITTER_LINK: "The link to your report",
    Outbox.Kind.SUBMITTER_REPLY: "There is a reply to your report",
    Outbox.Kind.RETENTION_WARNING: "Closed reports will be removed next week",
    Outbox.Kind.MORE_INFORMATION: "New information on a report",
    Outbox.Kind.ASSIGNED: "A report has been assigned to you",
}


def _admin_url(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def build_message(row: Outbox) -> tuple[str, MessageContent]:
    """(address, content) of the email for one outbox row: text and HTML from one context."""
    from .links import report_link_url

    if row.kind not in SUBJECTS:
        raise NoRecipient(f"{row.kind} is not sent as a notification")
    context = {"kind": row.kind, "subject": SUBJECTS[row.kind]}
    if row.to_submitter:
        report = row.report
        if report is None or not report.contact_email or report.anonymised_at:
            raise NoRecipient("the submitter has no address on the report")
        to = report.contact_email
        context["link"] = report_link_url(report)
    else:
        if row.user is None or not row.user.email or not row.user.is_active:
            raise NoRecipient("the responder has no address")
        to = row.user.email
        if row.kind == Outbox.Kind.RETENTION_WARNING:
            context["link"] = _admin_url("alerts_admin:inbox")
            context["reports"] = row.payload.get("reports", [])
        else:
            context["link"] = _admin_url("alerts_admin:report", row.report_id)
    text = render_to_string("alerts/email/notification.txt", context)
    html = render_to_string("alerts/email/notification.html", context)
    return to, MessageContent(subject=context["subject"], html=html, text=text)


def deliver_notification(outbox_row: Outbox) -> None:
    """Hand the email for `outbox_row` to the sending engine, which sends it after the caller's
    transaction commits and retries transient provider errors itself. Raises NoRecipient when
    there is nobody to send to."""
    to, content = build_message(outbox_row)
    send_to_address(content, to, kind="notification", source=outbox_row)
