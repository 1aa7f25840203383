"""The one way to write the audit log."""

from alerts.models import AuditEntry, Report


def record(actor, action: str, report: Report | None = None, **detail) -> AuditEntry:
    """Append an audit entry. `detail` must never hold report content (ids, codes, states)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else (detail.pop("actor_label", "") or ""),
        action=action,
        report_id_value=report.pk if report else None,
        report_reference=report.reference if report else "",
        detail=detail,
    )
