"""Wagtail admin registration: the board dashboard and published reports in the menu, and the
dotted log code publishing leaves."""

from django.urls import include, path, reverse
from wagtail import hooks

from core.admin_hooks import MenuItemFor
from core.log_codes import register_log_codes

from . import admin_urls
from .access import can_view_board


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
}
register_log_codes(LOG_ACTIONS)
