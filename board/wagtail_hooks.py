"""Wagtail admin registration: the board dashboard and published reports in the menu, the
board's pages kept to the board's people (page viewsets, Wagtail's page policy, the chooser and
explorer hooks, two-factor), and the dotted log codes publishing, withdrawing and correcting
leave."""

from django.http import Http404
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from core.admin_hooks import MenuItemFor
from core.log_codes import register_log_codes

from . import admin_urls
from .access import (
    board_page_content_type_ids,
    can_view_board,
    can_work_on_board_pages,
    is_board_approver,
    without_board_pages,
)
from .page_permissions import BoardAwarePagePolicy
from .page_views import BoardReportIndexPageViewSet, BoardReportPageViewSet

# Registered for `Page` (more specific than Wagtail's own, on AbstractPage), at import time so it
# is in place before any view asks the registry.
register_permission_policy(Page, BoardAwarePagePolicy(Page))


@hooks.register("register_admin_viewset")
def register_board_page_viewsets():
    return [
        BoardReportIndexPageViewSet("board_report_index_pages"),
        BoardReportPageViewSet("board_report_pages"),
    ]


@hooks.register("construct_explorer_page_queryset")
def hide_board_pages_in_explorer(parent_page, pages, request):
    return without_board_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_board_pages_in_chooser(pages, request):
    """The chooser lists no board page to others, and browsing into the board's folder (by its
    id) is a 404 to them, as every other view of it is."""
    user = request.user
    parent_id = getattr(request.resolver_match, "kwargs", {}).get("parent_page_id")
    if (
        parent_id
        and not can_work_on_board_pages(user)
        and Page.objects.filter(
            pk=parent_id, content_type_id__in=board_page_content_type_ids()
        ).exists()
    ):
        raise Http404
    return without_board_pages(pages, user)


@hooks.register("requires_two_factor")
def board_approvers_use_two_factor(user):
    """The board workflow's approvers read unpublished board figures (coordinators already
    must, as superusers or through TWO_FACTOR_GROUPS)."""
    return is_board_approver(user)


@hooks.register("register_admin_urls")
def register_board_urls():
    return [path("board/", include((admin_urls, "board_admin"), namespace="board_admin"))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return MenuItemFor(
        "Board dashboard",
        reverse("board_admin:dashboard"),
        shown_to=can_view_board,
        name="board-dashboard",
        icon_name="table",
        order=160,
    )


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return MenuItemFor(
        "Board reports",
        reverse("board_admin:reports"),
        shown_to=can_view_board,
        name="board-reports",
        icon_name="doc-full",
        order=161,
    )


LOG_ACTIONS = {
    "board.report.published": (
        "Publish board report",
        "Board report published: its figures and text frozen, the board emailed a link",
    ),
    "board.report.withdrawn": (
        "Withdraw board report",
        "Board report withdrawn: kept, marked withdrawn, the page back to draft for a correction",
    ),
    "board.report.corrected": (
        "Publish corrected board report",
        "Corrected board report published: it replaces the withdrawn version and says what changed",
    ),
}
register_log_codes(LOG_ACTIONS)
