"""Wagtail admin registration: the Learning and development menu (take-up report, import,
competency framework, staff needing training), the take-up permission, the training session
editor with the event tools in its header, and the history labels of every `learning.*`
action."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_hooks import MenuItemFor, register_permissions
from core.log_codes import register_log_codes
from core.roles import is_coordinator
from events.admin_views import EventPageViewSet
from networks.permissions import AppendOnlyPolicy

from . import admin_urls
from .access import TAKEUP_PERMISSION, can_view_takeup_report
from .models import Expectation, Headcount, TrainingSessionPage
from .viewsets import HeadcountViewSet

LOG_ACTIONS = {
    "learning.completion.recorded": ("Record completion", "Completion recorded at check-in"),
    "learning.completion.removed": ("Remove completion", "Completion removed (check-in undone)"),
    "learning.completions.import_checked": ("Check import", "Completions import checked"),
    "learning.completions.imported": ("Import completions", "Completions imported"),
    "learning.certificate.emailed": ("Email certificate", "Certificate emailed"),
    "learning.follow_up.sent": ("Send impact questionnaire", "Impact questionnaire sent"),
    "learning.follow_up.answered": ("Answer impact questionnaire", "Impact questionnaire answered"),
    "learning.refreshers.sent": ("Send refresher reminders", "Refresher reminders sent"),
    "learning.due_list.sent": ("Send due list", "Monthly training list sent to Prevent leads"),
    "learning.headcount.recorded": (
        "Record staff needing training",
        "Staff needing each level of training recorded",
    ),
}
register_log_codes(LOG_ACTIONS)
register_permissions(TAKEUP_PERMISSION)


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
register_permission_policy(Headcount, AppendOnlyPolicy(Headcount))
register_snippet(HeadcountViewSet())


def _edits_framework(user):
    return user.has_perm("learning.change_expectation")


@hooks.register("register_admin_menu_item")
def register_learning_menu():
    items = [
        MenuItemFor(
            "Take-up report",
            reverse("learning_admin:takeup"),
            shown_to=can_view_takeup_report,
            icon_name="table",
            order=0,
        ),
        MenuItemFor(
            "Import completions",
            reverse("learning_admin:import"),
            shown_to=is_coordinator,
            icon_name="upload",
            order=1,
        ),
        MenuItemFor(
            "Competency framework",
            reverse("wagtailsnippets_learning_expectation:list"),
            shown_to=_edits_framework,
            icon_name="tasks",
            order=2,
        ),
        MenuItemFor(
            "Staff needing training",
            reverse("wagtailsnippets_learning_headcount:list"),
            shown_to=is_coordinator,
            icon_name="group",
            order=3,
        ),
    ]
    return SubmenuMenuItem(
        "Learning and development", Menu(items=items), icon_name="tasks", order=280
    )
