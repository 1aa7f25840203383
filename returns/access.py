"""Who may use returns' admin screens: coordinators manage everything (404 for anyone else,
the same as a missing object); the figures and the plan's progress are also readable by users
holding `returns.view_returns_report` (the board's group), with disclosure control applied."""

from django.http import Http404

from core.roles import is_coordinator

from .models import Response, Return

VIEW_REPORT = "returns.view_returns_report"


def can_view_figures(user) -> bool:
    return is_coordinator(user) or bool(
        user and user.is_authenticated and user.is_active and user.has_perm(VIEW_REPORT)
    )


def require_figures_reader(user) -> None:
    if not can_view_figures(user):
        raise Http404("Not found.")


def get_return_for_user(user, pk) -> Return:
    """The return for a coordinator; Http404 alike for a missing one and for anyone else."""
    if not is_coordinator(user):
        raise Http404("Not found.")
    try:
        return Return.objects.get(pk=pk)
    except (Return.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def get_response_for_user(user, ret: Return, pk) -> Response:
    get_return_for_user(user, ret.pk)
    try:
        return Response.objects.select_related("organisation", "ret").get(pk=pk, ret=ret)
    except (Response.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
