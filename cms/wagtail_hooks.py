"""Wagtail admin registration of the information hub: snippets, the overdue-materials report,
log actions, and the moderation defaults."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import Acronym, Material, MaterialAudience, MaterialTopic
from cms.page_cache import mark_page_cacheable
from cms.reports import OverdueMaterialsView
from core.admin_hooks import MenuItemFor
from core.log_codes import register_log_codes


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "doc-full"
    menu_label = "Materials"
    list_display = ["title", "format", "owner", "review_by", "listed"]
    list_filter = ["format", "audiences", "topics", "listed"]
    search_fields = ["title", "summary"]
    ordering = ["title"]


class MaterialAudienceViewSet(SnippetViewSet):
    model = MaterialAudience
    icon = "group"
    menu_label = "Audiences"
    list_display = ["name", "slug"]


class MaterialTopicViewSet(SnippetViewSet):
    model = MaterialTopic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]


class AcronymViewSet(SnippetViewSet):
    model = Acronym
    icon = "help"
    menu_label = "Glossary"
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


class HubLibraryGroup(SnippetViewSetGroup):
    menu_label = "Hub library"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (MaterialViewSet, MaterialAudienceViewSet, MaterialTopicViewSet, AcronymViewSet)


register_snippet(HubLibraryGroup)


@hooks.register("register_admin_urls")
def register_hub_report_urls():
    return [
        path(
            "reports/materials-due-for-review/",
            OverdueMaterialsView.as_view(),
            name="hub_overdue_materials",
        ),
        path(
            "reports/materials-due-for-review/results/",
            OverdueMaterialsView.as_view(results_only=True),
            name="hub_overdue_materials_results",
        ),
    ]


def _edits_materials(user):
    return user.has_perm("cms.change_material")


@hooks.register("register_reports_menu_item")
def register_overdue_materials_menu_item():
    return MenuItemFor(
        "Materials due for review",
        reverse("hub_overdue_materials"),
        shown_to=_edits_materials,
        name="materials-due-for-review",
        icon_name="date",
        order=650,
    )


LOG_ACTIONS = {
    "cms.material.review_reminder_sent": (
        "Send review reminder",
        "Review reminder sent to the owner",
    ),
}
register_log_codes(LOG_ACTIONS)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    # Only Wagtail pages are cached; returning None lets Wagtail serve the page as usual.
    mark_page_cacheable(request)
