"""Every change of state in alerts/ is one of these functions (run in a transaction, audited)."""

from .alerts import (
    alert_audience,
    alert_audience_preview,
    render_alert,
    resend_alert,
    send_alert,
    send_test_alert,
)
from .links import link_report_to_alert, unlink_report_from_alert
from .notify import (
    escalate_unacknowledged,
    notify_new_report,
    retry_due_notifications,
    route_report,
)
from .retention import apply_retention, warn_of_removal
from .submission import (
    DuplicateSubmission,
    add_submitter_information,
    record_submitter_access,
    request_report_link,
    submit_report,
)
from .triage import (
    add_internal_note,
    assign_report,
    change_report_state,
    record_attachment_download,
    record_report_viewed,
    record_reports_exported,
    send_reply,
    set_legal_hold,
    set_report_urgency,
)

__all__ = [
    "DuplicateSubmission",
    "add_internal_note",
    "add_submitter_information",
    "apply_retention",
    "assign_report",
    "change_report_state",
    "escalate_unacknowledged",
    "link_report_to_alert",
    "notify_new_report",
    "record_attachment_download",
    "record_report_viewed",
    "record_reports_exported",
    "record_submitter_access",
    "request_report_link",
    "retry_due_notifications",
    "route_report",
    "alert_audience",
    "alert_audience_preview",
    "render_alert",
    "resend_alert",
    "send_alert",
    "send_test_alert",
    "send_reply",
    "set_legal_hold",
    "set_report_urgency",
    "submit_report",
    "unlink_report_from_alert",
    "warn_of_removal",
]
