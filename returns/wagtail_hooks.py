"""Registers returns and the action plan in Wagtail's admin: viewsets (coordinators only),
the Returns menu, the coordinator's screens, the figures permission and the log labels."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from core.admin_hooks import MenuItemFor, register_permissions
from core.log_codes import register_log_codes
from core.roles import is_coordinator
from networks.permissions import AppendOnlyPolicy, CoordinatorOnlyPolicy

from .access import VIEW_REPORT, can_view_figures
from .models import Action, Plan, ProgressUpdate, Return, Theme
from .viewsets import ActionViewSet, PlanViewSet, ProgressUpdateViewSet, ReturnViewSet, ThemeViewSet

for _model in (Plan, Theme, Action, Return):
    register_permission_policy(_model, CoordinatorOnlyPolicy(_model))
register_permission_policy(ProgressUpdate, AppendOnlyPolicy(ProgressUpdate))

for _viewset in (
    PlanViewSet(),
    ThemeViewSet(),
    ActionViewSet(),
    ProgressUpdateViewSet(),
    ReturnViewSet(),
):
    register_snippet(_viewset)

LOG_ACTIONS = {
    "returns.plan.copied": ("Copy plan forward", "Plan copied forward"),
    "returns.progress.recorded": ("Record progress", "Progress recorded"),
    "returns.return.created": ("Create return", "Return created from a template"),
    "returns.return.sent": ("Send return", "Return sent"),
    "returns.response.opened": ("Open return", "Return opened through a personal link"),
    "returns.response.saved": ("Save draft", "Return draft saved"),
    "returns.response.submitted": ("Submit return", "Return submitted"),
    "returns.response.reopened": ("Reopen return", "Return reopened with a note"),
    "returns.response.chased": ("Chase", "Chase sent"),
    "returns.respondent.added": ("Add person", "Person added to the return"),
    "returns.respondent.refused": ("Add person", "Person not added (not of the organisation)"),
    "returns.contact.added": ("Add to directory", "Added to the directory by a return's lead"),
    "returns.respondent.handed_over": (
        "Hand over",
        "Not the right person: handed to a colleague from a chase",
    ),
    "returns.respondent.chases_stopped": (
        "Stop reminders",
        "Reminders for this return stopped from a chase",
    ),
}
register_log_codes(LOG_ACTIONS)
register_permissions(VIEW_REPORT)


@hooks.register("register_admin_urls")
def register_returns_admin_urls():
    from . import admin_urls

    return [path("returns/", include(admin_urls, namespace="returns_admin"))]


# (who sees it, label, URL name, icon)
_MENU = [
    (is_coordinator, "Returns", "returns_admin:index", "form"),
    (is_coordinator, "New return from a template", "returns_admin:new", "plus"),
    (can_view_figures, "Returned figures", "returns_admin:figures", "table"),
    (can_view_figures, "Plan progress", "returns_admin:progress", "tasks"),
    (is_coordinator, "Action plans", "wagtailsnippets_returns_plan:list", "list-ol"),
    (is_coordinator, "Themes", "wagtailsnippets_returns_theme:list", "folder-open-inverse"),
    (is_coordinator, "Actions", "wagtailsnippets_returns_action:list", "tasks"),
    (is_coordinator, "Progress updates", "wagtailsnippets_returns_progressupdate:list", "time"),
]


@hooks.register("register_admin_menu_item")
def register_returns_menu():
    items = [
        MenuItemFor(label, reverse(url_name), shown_to=shown_to, icon_name=icon, order=order)
        for order, (shown_to, label, url_name, icon) in enumerate(_MENU)
    ]
    return SubmenuMenuItem("Returns and plan", Menu(items=items), icon_name="form", order=260)
