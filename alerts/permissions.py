"""Who may send which alert, to whom. The send views and `alerts.actions.send_alert` ask these
before every send (as `newsletters.permissions` does for issues).

- Sending needs the "Can send alerts" permission (`alerts.can_send_alerts`) and a responder's
  OTP-verified session (the views' guard).
- A responder scoped to some districts (ResponderScope) may send only alerts whose districts are
  all theirs (a county-wide alert, with no districts, is not), to segments offered to them: those
  whose district rule names only their districts. Out of scope is a 404, as for a missing alert.
- When the partnership's settings ask for approval (`alerts_need_approval`), the live version
  must have been approved through the workflow on the Alerts pages.
"""

from django.db.models import QuerySet
from django.http import Http404

from core.partnership import partnership
from networks.models import District, Segment
from sending.permissions import approved_through_workflow

from .access import is_responder, scoped_district_ids
from .models import AlertPage

SEND_ALERTS_PERMISSION = "alerts.can_send_alerts"
NOT_FOUND = "No such alert."


def may_send_alerts(user) -> bool:
    return bool(is_responder(user) and user.is_active and user.has_perm(SEND_ALERTS_PERMISSION))


def alerts_need_approval(site=None) -> bool:
    """The partnership's setting: alerts are sent only once approved through the workflow."""
    return bool(partnership(site).alerts_need_approval)


def within_scope(user, district_ids) -> bool:
    """Whether an alert for `district_ids` (empty: county-wide) is within `user`'s districts."""
    allowed = scoped_district_ids(user)
    if allowed is None:
        return True
    wanted = set(district_ids)
    return bool(wanted) and wanted <= set(allowed)


def get_alert_for_sender(user, page_id) -> AlertPage:
    """The alert if `user` may send it (`alerts_for_sender`); Http404 alike for missing,
    out-of-scope and no permission."""
    page = alerts_for_sender(user).filter(pk=page_id).first()
    if page is None:
        raise Http404(NOT_FOUND)
    return page


def alerts_for_sender(user) -> QuerySet[AlertPage]:
    """The alert pages `user` may send, and so link reports to: every alert for a sender who
    sees every district; for a scoped one, alerts with districts all of which are theirs (the
    rule `within_scope` applies to one alert's districts); none for anyone who may not send
    alerts. Newest first."""
    if not may_send_alerts(user):
        return AlertPage.objects.none()
    alerts = AlertPage.objects.order_by("-latest_revision_created_at", "-pk")
    allowed = scoped_district_ids(user)
    if allowed is None:
        return alerts
    return (
        alerts.filter(districts__in=allowed)
        .exclude(districts__in=District.objects.exclude(pk__in=allowed))
        .distinct()
    )


def segments_for_sender(user) -> QuerySet[Segment]:
    """The segments offered to `user`: all of them, or for a scoped responder those whose
    district rule names only districts of theirs (so the choice itself says where it goes;
    the audience is limited to the alert's districts in any case)."""
    segments = Segment.objects.order_by("name")
    allowed = scoped_district_ids(user)
    if allowed is None:
        return segments
    allowed = set(allowed)
    ids = [
        s.pk
        for s in segments
        if (wanted := set((s.rules or {}).get("districts") or [])) and wanted <= allowed
    ]
    return segments.filter(pk__in=ids)


def can_send_alert(user, page: AlertPage) -> tuple[bool, str]:
    """(True, "") when `user` may send `page` now, else (False, a reason to show them)."""
    page = page.specific
    if not may_send_alerts(user):
        return False, "You do not have permission to send alerts."
    if not within_scope(user, page.districts.values_list("pk", flat=True)):
        return False, "This alert is not about your districts."
    if not page.live:
        return False, "Publish the alert before sending it."
    if page.has_unpublished_changes:
        return False, "This alert has changes that are not published yet: publish them first."
    if alerts_need_approval():
        workflow = page.get_workflow()
        if workflow is None:
            return False, (
                "The partnership's settings say alerts need approval, but no approval workflow "
                "is set on the Alerts pages: ask the coordinator."
            )
        if not approved_through_workflow(page):
            return False, f"The published version has not been approved through “{workflow.name}”."
    return True, ""
