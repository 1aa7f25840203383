"""Who sees the board's figures, and how exactly.

- Coordinators (`core.roles.is_coordinator`) see the dashboard with exact figures,
  each linking to the records behind it, and may switch to the board's view (`?view=board`).
- Anyone else holding `board.view_board_dashboard` (the "Board members" group) sees the figures
  under the partnership's disclosure rule, with no link to any record, and published reports.
- Everyone else gets a 404, the same answer as for a page that does not exist.
"""

from django.http import Http404

from core.disclosure import Rule
from core.roles import is_coordinator

PERMISSION = "board.view_board_dashboard"


def can_view_board(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        is_coordinator(user) or user.has_perm(PERMISSION)
    )


def require_board_access(user) -> None:
    if not can_view_board(user):
        raise Http404


def sees_exact_figures(request) -> bool:
    return is_coordinator(request.user) and request.GET.get("view") != "board"


def rule_for(request) -> Rule:
    """The coordinator's own screen: exact. Everyone else, and every export: the partnership's."""
    return Rule.exact_figures() if sees_exact_figures(request) else Rule.for_partnership(request)


# --- The board's report pages (drafts, previews, revisions, the add and edit views) -----------
#
# Open to coordinators and to the board approval workflow's approvers only, with two-factor.
# Wagtail's page permissions run down the tree, so an editor who may change every page under the
# home page could otherwise open the board's drafts: for board pages, only grants made on the
# board's own folder (or below it) count, and only for the board's people.


def board_approver_group_ids() -> frozenset[int]:
    """The groups of the approval tasks of the workflow set on the board's folder itself (not a
    workflow inherited from the home page: its approvers approve other content)."""
    from wagtail.models import GroupApprovalTask, WorkflowPage, WorkflowTask

    from .models import BoardReportIndexPage

    workflows = WorkflowPage.objects.filter(
        page__in=BoardReportIndexPage.objects.values("pk"), workflow__active=True
    ).values("workflow_id")
    tasks = WorkflowTask.objects.filter(workflow_id__in=workflows, task__active=True).values(
        "task_id"
    )
    return frozenset(
        GroupApprovalTask.groups.through.objects.filter(groupapprovaltask_id__in=tasks).values_list(
            "group_id", flat=True
        )
    )


def is_board_approver(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_board_is_approver", None)
    if cached is None:
        cached = user.groups.filter(pk__in=board_approver_group_ids()).exists()
        user._board_is_approver = cached
    return cached


def _passed_two_factor(user) -> bool:
    # django_otp's middleware gives every request's user `is_verified`. A user object without
    # it was not read from a web session (a command, a task, a signal): nothing to verify there.
    is_verified = getattr(user, "is_verified", None)
    return True if is_verified is None else bool(is_verified())


def can_work_on_board_pages(user) -> bool:
    """May `user` open the board's report pages in Wagtail (drafts, previews, revisions, history,
    add, edit, copy, move, delete, unpublish)? Coordinators and the board workflow's approvers,
    signed in with two-factor. Everyone else, board members included, gets a 404."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return (is_coordinator(user) or is_board_approver(user)) and _passed_two_factor(user)


def require_board_pages(user) -> None:
    if not can_work_on_board_pages(user):
        raise Http404


def board_page_content_type_ids() -> list[int]:
    from django.contrib.contenttypes.models import ContentType

    from .models import BoardReportIndexPage, BoardReportPage

    return [
        ct.pk
        for ct in ContentType.objects.get_for_models(
            BoardReportIndexPage, BoardReportPage, for_concrete_models=False
        ).values()
    ]


def without_board_pages(pages, user):
    """`pages` (a page queryset) without the board's pages, unless `user` may work on them."""
    if can_work_on_board_pages(user):
        return pages
    return pages.exclude(content_type_id__in=board_page_content_type_ids())
