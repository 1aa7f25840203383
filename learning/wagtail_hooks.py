"""Wagtail admin registration: the Learning and development menu (take-up report, import,
competency framework), the take-up permission, the training session editor with the event
tools in its header, and the history labels of every `learning.*` action."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.admin_views import EventPageViewSet
from networks.permissions import is_coordinator

from . import admin_urls
from .access import can_view_takeup_report
from .models import Expectation, TrainingSessionPage

LOG_ACTIONS = [
    ("learning.completion.recorded", "Record completion", "Completion recorded at check-in"),
    ("learning.completion.removed", "Remove completion", "Completion removed (check-in undone)"),
    ("learning.completions.import_checked", "Check import", "Completions import checked"),
    ("learning.completions.imported", "Import completions", "Completions imported"),
]


@hooks.register("register_log_actions")
def register_learning_log_actions(actions):
    for code, label, message in LOG_ACTIONS:
        actions.register_action(code, label, message)


@hooks.register("register_permissions")
def register_takeup_permission():
    return Permission.objects.filter(
        content_type__app_label="learning", codename="view_takeup_report"
    )


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    return [path("learning/", include(admin_urls, namespace="learning_admin"))]


class TrainingSessionPageViewSet(EventPageViewSet):
    model = TrainingSessionPage
    name = "training_session_pages"


@hooks.register("register_admin_viewset")
def register_training_session_viewset():
    return TrainingSessionPageViewSet()


class ExpectationViewSet(SnippetViewSet):
    model = Expectation
    icon = "tasks"
    menu_label = "Competency framework"
    add_to_admin_menu = False
    list_display = ["audience", "level", "sector", "specified_authorities_only"]
    list_filter = ["level"]
    ordering = ["level", "sort_order"]


register_snippet(ExpectationViewSet())


class _ForReaders(MenuItem):
    def is_shown(self, request):
        return can_view_takeup_report(request.user)


class _ForCoordinators(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class _ForFrameworkEditors(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("learning.change_expectation")


@hooks.register("register_admin_menu_item")
def register_learning_menu():
    items = [
        _ForReaders("Take-up report", reverse("learning_admin:takeup"), icon_name="table", order=0),
        _ForCoordinators(
            "Import completions", reverse("learning_admin:import"), icon_name="upload", order=1
        ),
        _ForFrameworkEditors(
            "Competency framework",
            reverse("wagtailsnippets_learning_expectation:list"),
            icon_name="tasks",
            order=2,
        ),
    ]
    return SubmenuMenuItem(
        "Learning and development", Menu(items=items), icon_name="tasks", order=280
    )
