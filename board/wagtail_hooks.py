"""Wagtail admin registration: the board dashboard and published reports in the menu, and the
dotted log code publishing leaves."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .access import can_view_board


@hooks.register("register_admin_urls")
def register_board_urls():
    return [path("board/", include((admin_urls, "board_admin"), namespace="board_admin"))]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_board(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return BoardMenuItem(
        "Board dashboard",
        reverse("board_admin:dashboard"),
        name="board-dashboard",
        icon_name="table",
        order=160,
    )


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return BoardMenuItem(
        "Board reports",
        reverse("board_admin:reports"),
        name="board-reports",
        icon_name="doc-full",
        order=161,
    )


@hooks.register("register_log_actions")
def register_board_log_actions(actions):
    actions.register_action(
        "board.report.published",
        "Publish board report",
        "Board report published: its figures and text frozen, the board emailed a link",
    )
