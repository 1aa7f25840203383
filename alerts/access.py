"""Who may see which report. Every triage view goes through `get_report_for_user` or
`reports_for_user`; a report outside a responder's districts is a 404, like a missing one."""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from .models import Report, ResponderScope


def is_responder(user) -> bool:
    """Members of the responder group(s) only: being a superuser is not enough."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_alerts_is_responder", None)
    if cached is None:
        cached = user.groups.filter(name__in=settings.ALERTS_RESPONDER_GROUPS).exists()
        user._alerts_is_responder = cached
    return cached


def scoped_district_ids(user) -> list[int] | None:
    """The districts a responder is limited to, or None when they see every district."""
    scope = ResponderScope.objects.filter(user=user).first()
    if scope is None:
        return None
    ids = list(scope.districts.values_list("id", flat=True))
    return ids or None


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
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=settings.ALERTS_RESPONDER_GROUPS)
        .distinct()
    )
