"""Wagtail admin viewsets of the action plan and returns (registered in wagtail_hooks): the
coordinator edits the plan and the returns' questions here; only coordinators reach them."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.snippets.views import snippets as snippet_views

# Every viewset's chooser (choose/, results/, chosen/) obeys its permission policy.
from core.choosers import PolicyScopedSnippetViewSet as SnippetViewSet

from .admin_forms import ReturnAdminForm
from .models import Action, Plan, ProgressUpdate, Return, Theme


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "list-ol"
    add_to_admin_menu = False
    menu_label = "Action plans"
    list_display = ["name", "starts_on", "ends_on"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
    ]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    add_to_admin_menu = False
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    copy_view_enabled = False
    panels = [FieldPanel("plan"), FieldPanel("number"), FieldPanel("name"), FieldPanel("aim")]


class ActionViewSet(SnippetViewSet):
    model = Action
    icon = "tasks"
    add_to_admin_menu = False
    list_display = ["number", "text", "responsible_agency", "theme"]
    list_filter = ["theme__plan", "theme"]
    search_fields = ["text", "responsible_agency"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    panels = [
        FieldRowPanel([FieldPanel("theme"), FieldPanel("number"), FieldPanel("sort_order")]),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_agency"),
                FieldPanel("responsible_organisations"),
                FieldPanel("key_stakeholders"),
            ],
            heading="Who",
        ),
        FieldPanel("timescale"),
        FieldPanel("outcomes"),
        FieldPanel("notes"),
    ]


class ProgressUpdateViewSet(SnippetViewSet):
    """Add and read only: history is never edited (AppendOnlyPolicy refuses change/delete)."""

    model = ProgressUpdate
    icon = "time"
    add_to_admin_menu = False
    menu_label = "Progress updates"
    list_display = ["action", "quarter_start", "status", "reported_by", "created_at"]
    list_filter = ["status", "action__theme__plan", "quarter_start"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("action"),
        FieldPanel("quarter_start"),
        FieldPanel("status"),
        FieldPanel("narrative"),
        FieldPanel("evidence_links"),
        FieldPanel("reported_by"),
        FieldPanel("organisation"),
    ]


class ReturnDeleteView(snippet_views.DeleteView):
    """A sent return is never deleted: its submitted figures feed the reports."""

    def get_object(self, queryset=None):
        ret = super().get_object(queryset)
        if ret.state != Return.State.DRAFT:
            raise PermissionDenied
        return ret


class ReturnViewSet(SnippetViewSet):
    model = Return
    delete_view_class = ReturnDeleteView
    icon = "form"
    add_to_admin_menu = False
    list_display = ["title", "period_start", "due_on", "state"]
    list_filter = ["state", "template"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel(
                [FieldPanel("period_kind"), FieldPanel("period_start"), FieldPanel("due_on")]
            ),
            FieldPanel("introduction"),
            MultiFieldPanel(
                [FieldPanel("organisations"), FieldPanel("sectors")], heading="Sent to"
            ),
            InlinePanel("questions", heading="Questions", label="Question"),
        ],
        base_form_class=ReturnAdminForm,
    )
