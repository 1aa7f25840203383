"""The audit log in words: each dotted code becomes a sentence a responder reads.

The log stores codes and ids (never report content); this is only how the report page shows
them, e.g. "Status changed from New to Acknowledged by Pat Officer".
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import AlertPage, Outcome, State, Urgency


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or "none"


def _files(detail) -> str:
    count = detail.get("files") or 0
    return f" with {count} file{'s' if count != 1 else ''}" if count else ""


def _state_change(d, by):
    text = (
        f"Status changed from {_label(State, d.get('previous'))} to "
        f"{_label(State, d.get('state'))}{by}"
    )
    if d.get("outcome"):
        text += f" (outcome: {_label(Outcome, d['outcome'])})"
    return text


def _assigned(d, by, names):
    who = [names["users"].get(d.get("assignee"), "")] if d.get("assignee") else []
    if d.get("group"):
        who.append(f"the {names['groups'].get(d['group'], 'team')} team")
    who = [w for w in who if w]
    return f"Assigned to {' and '.join(who)}{by}" if who else f"Assignment cleared{by}"


def _opened(d, by):
    via = {"receipt": " with their receipt code", "link": " through the emailed link"}
    return f"The submitter opened the report{via.get(d.get('via'), '')}"


def _escalated(d, by):
    count = len(d.get("notified") or [])
    return f"Escalated: urgent and not acknowledged in time ({count} responder(s) told)"


def _alert(d, names) -> str:
    title = names["alerts"].get(d.get("alert"))
    return f"the alert “{title}”" if title else "an alert that no longer exists"


SENTENCES = {
    "alerts.report.submitted": lambda d, by, n: f"Report received{_files(d)}",
    "alerts.report.viewed": lambda d, by, n: f"Opened{by}",
    "alerts.report.state_changed": lambda d, by, n: _state_change(d, by),
    "alerts.report.urgency_changed": lambda d, by, n: (
        f"Urgency changed from {_label(Urgency, d.get('previous'))} to "
        f"{_label(Urgency, d.get('urgency'))}{by}"
    ),
    "alerts.report.assigned": lambda d, by, n: _assigned(d, by, n),
    "alerts.report.note_added": lambda d, by, n: f"Internal note added{by}",
    "alerts.report.replied": lambda d, by, n: f"Reply sent to the submitter{by}",
    "alerts.report.legal_hold_set": lambda d, by, n: f"Legal hold placed{by}",
    "alerts.report.legal_hold_lifted": lambda d, by, n: f"Legal hold lifted{by}",
    "alerts.report.linked_to_alert": lambda d, by, n: f"Linked to {_alert(d, n)}{by}",
    "alerts.report.unlinked_from_alert": lambda d, by, n: f"Unlinked from {_alert(d, n)}{by}",
    "alerts.attachment.downloaded": lambda d, by, n: f"Attachment downloaded{by}",
    "alerts.report.exported": lambda d, by, n: f"Included in a CSV export{by}",
    "alerts.report.submitter_added": lambda d, by, n: f"The submitter added information{_files(d)}",
    "alerts.report.link_requested": lambda d, by, n: "The submitter asked for a link by email",
    "alerts.report.submitter_opened": lambda d, by, n: _opened(d, by),
    "alerts.report.escalated": lambda d, by, n: _escalated(d, by),
    "alerts.report.retention_warned": lambda d, by, n: "Responders warned of its removal",
    "alerts.report.anonymised": lambda d, by, n: "Anonymised under the retention rules",
    "alerts.report.deleted": lambda d, by, n: "Deleted under the retention rules",
}


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def describe_entries(entries) -> list[tuple]:
    """[(entry, sentence)] for audit entries (with `actor` selected), naming people and teams.
    A code without a sentence is shown as it is, so nothing in the log is hidden."""
    entries = list(entries)
    user_ids = {e.detail.get("assignee") for e in entries if e.detail.get("assignee")}
    group_ids = {e.detail.get("group") for e in entries if e.detail.get("group")}
    alert_ids = {e.detail.get("alert") for e in entries if e.detail.get("alert")}
    names = {
        "alerts": dict(AlertPage.objects.filter(pk__in=alert_ids).values_list("pk", "title")),
        "users": {u.pk: _person(u) for u in get_user_model().objects.filter(pk__in=user_ids)},
        "groups": dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name")),
    }
    described = []
    for entry in entries:
        if entry.actor_id and entry.actor is not None:
            by = f" by {_person(entry.actor)}"
        elif entry.actor_label and entry.actor_label not in ("submitter", "system"):
            by = f" by {entry.actor_label}"
        else:
            by = ""
        sentence = SENTENCES.get(entry.action)
        described.append((entry, sentence(entry.detail, by, names) if sentence else entry.action))
    return described
