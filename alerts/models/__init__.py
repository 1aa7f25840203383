"""Feedback and tension inbox (inbound) and emerging-issue alerts (outbound).

Explicit re-exports: import models from `alerts.models`.
"""

from .audit import AuditEntry
from .links import ReportAlertLink
from .outbox import Outbox
from .pages import AlertPage, AlertsIndexPage
from .reports import Kind, Outcome, Report, ReportAttachment, ReportMessage, State, Urgency
from .routing import ReplyTemplate, ResponderScope, RoutingRule

__all__ = [
    "AlertPage",
    "AlertsIndexPage",
    "AuditEntry",
    "Kind",
    "Outbox",
    "Outcome",
    "ReplyTemplate",
    "Report",
    "ReportAlertLink",
    "ReportAttachment",
    "ReportMessage",
    "ResponderScope",
    "RoutingRule",
    "State",
    "Urgency",
]
