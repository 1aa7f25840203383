"""The one function that sends a notification email. Everything that emails from alerts/ goes
through `deliver_notification`, so it can be switched onto the newsletters sending engine in
one place.

Content-free by design: a notification says that something needs attention and links to it.
It never carries a report's text, a reply's text or anything the submitter typed.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

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
}


def _admin_url(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def build_message(row: Outbox) -> EmailMultiAlternatives:
    """The email for one outbox row, text and HTML parts from the same context."""
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
    message = EmailMultiAlternatives(
        subject=context["subject"], body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver_notification(outbox_row: Outbox) -> None:
    """Send the email for `outbox_row`. Raises NoRecipient when there is nobody to send to and
    lets the mail backend's errors (SMTP, network, anymail) propagate for the caller's retry."""
    build_message(outbox_row).send(fail_silently=False)
