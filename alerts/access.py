"""Who may see which report. Every triage view goes through `get_report_for_user` or
`reports_for_user`; a report outside a responder's districts is a 404, like a missing one."""

from django.db.models import QuerySet
from django.http import Http404

from core import roles
from core.roles import is_responder

from .models import Report, ResponderScope


def responder_district_ids(user) -> list[int] | None:
    """The districts of `user`'s inbox scope, None without one (`core.roles` asks, as
    DISTRICT_RESPONDER's source)."""
    scope = ResponderScope.objects.filter(user=user).first()
    if scope is None:
        return None
    return list(scope.districts.values_list("id", flat=True))


def scoped_district_ids(user) -> list[int] | None:
    """The districts a responder is limited to, or None when they see every district."""
    ids = roles.districts(user, roles.DISTRICT_RESPONDER)
    return None if ids is None else sorted(ids)


def reports_for_user(user) -> QuerySet[Report]:
    if not is_responder(user):
        return Report.objects.none()
    qs = Report.objects.all()
    districts = scoped_district_ids(user)
    if districts is not None:
        qs = qs.filter(district_id__in=districts)
    return qs


def get_report_for_user(user, pk) -> Report:
    """The report if `user` may see it; Http404 alike for missing and not-yours."""
    report = reports_for_user(user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def user_can_see_report(user, report: Report) -> bool:
    return reports_for_user(user).filter(pk=report.pk).exists()


def responders():
    """Active members of the responder group(s)."""
    return roles.members_of(roles.DISTRICT_RESPONDER)
