"""Registers returns and the action plan in Wagtail's admin: viewsets (coordinators only),
the Returns menu, the coordinator's screens, the figures permission and the log labels."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from networks.permissions import CoordinatorOnlyPolicy, is_coordinator

from .access import can_view_figures
from .models import Action, Plan, ProgressUpdate, Return, Theme
from .viewsets import ActionViewSet, PlanViewSet, ProgressUpdateViewSet, ReturnViewSet, ThemeViewSet


class AppendOnlyPolicy(CoordinatorOnlyPolicy):
    """Progress history: coordinators add and read; nobody changes or deletes a row."""

    def user_has_permission(self, user, action):
        return action not in ("change", "delete") and is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


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

LOG_ACTIONS = [
    ("returns.plan.copied", "Copy plan forward", "Plan copied forward"),
    ("returns.progress.recorded", "Record progress", "Progress recorded"),
    ("returns.return.created", "Create return", "Return created from a template"),
    ("returns.return.sent", "Send return", "Return sent"),
    ("returns.response.opened", "Open return", "Return opened through a personal link"),
    ("returns.response.saved", "Save draft", "Return draft saved"),
    ("returns.response.submitted", "Submit return", "Return submitted"),
    ("returns.response.reopened", "Reopen return", "Return reopened with a note"),
    ("returns.response.chased", "Chase", "Chase sent"),
    ("returns.respondent.added", "Add person", "Person added to the return"),
    ("returns.respondent.refused", "Add person", "Person not added (not of the organisation)"),
    ("returns.contact.added", "Add to directory", "Added to the directory by a return's lead"),
]


@hooks.register("register_log_actions")
def register_returns_log_actions(actions):
    for code, label, message in LOG_ACTIONS:
        actions.register_action(code, label, message)


@hooks.register("register_permissions")
def register_view_returns_report_permission():
    return Permission.objects.filter(
        content_type__app_label="returns", codename="view_returns_report"
    )


@hooks.register("register_admin_urls")
def register_returns_admin_urls():
    from . import admin_urls

    return [path("returns/", include(admin_urls, namespace="returns_admin"))]


class _ForCoordinators(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class _ForFigureReaders(MenuItem):
    def is_shown(self, request):
        return can_view_figures(request.user)


_MENU = [
    (_ForCoordinators, "Returns", "returns_admin:index", "form"),
    (_ForCoordinators, "New return from a template", "returns_admin:new", "plus"),
    (_ForFigureReaders, "Returned figures", "returns_admin:figures", "table"),
    (_ForFigureReaders, "Plan progress", "returns_admin:progress", "tasks"),
    (_ForCoordinators, "Action plans", "wagtailsnippets_returns_plan:list", "list-ol"),
    (_ForCoordinators, "Themes", "wagtailsnippets_returns_theme:list", "folder-open-inverse"),
    (_ForCoordinators, "Actions", "wagtailsnippets_returns_action:list", "tasks"),
    (_ForCoordinators, "Progress updates", "wagtailsnippets_returns_progressupdate:list", "time"),
]


@hooks.register("register_admin_menu_item")
def register_returns_menu():
    items = [
        cls(label, reverse(url_name), icon_name=icon, order=order)
        for order, (cls, label, url_name, icon) in enumerate(_MENU)
    ]
    return SubmenuMenuItem("Returns and plan", Menu(items=items), icon_name="form", order=260)
