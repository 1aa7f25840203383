"""The coordinator's screen for staff needing training (`Headcount`): a Wagtail snippet list
of every statement (the ones that count now marked), filters, and an add form taking all
three levels at once. History only: nothing is edited or deleted (`AppendOnlyPolicy`); a new
statement replaces the last."""

import django_filters
from django.db.models import Exists, Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views import snippets as snippet_views

from core.choosers import PolicyScopedSnippetViewSet as SnippetViewSet
from networks.models import Sector

from .actions import HeadcountRefused, record_headcount
from .admin_forms import HeadcountForm
from .currency import today
from .headcounts import superseded_by
from .levels import Level
from .models import Headcount


def counting_now(queryset):
    """`queryset` with `counts_now`: the statement is its organisation's latest for its level."""
    day = today()
    return queryset.annotate(counts_now=Q(as_of__lte=day) & ~Exists(superseded_by(day)))


class HeadcountFilterSet(WagtailFilterSet):
    counts_now = django_filters.BooleanFilter(label="Counts now", method="filter_counts_now")
    level = django_filters.ChoiceFilter(choices=Level.choices, label="Level")
    source = django_filters.ChoiceFilter(choices=Headcount.Source.choices, label="Source")
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, field_name="organisation__sector", label="Sector"
    )

    class Meta:
        model = Headcount
        fields = []

    def filter_counts_now(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(counts_now=value)


class HeadcountIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return counting_now(super().get_base_queryset().select_related("organisation"))


class HeadcountCreateView(snippet_views.CreateView):
    """All three levels in one form, recorded by `learning.actions.record_headcount` (which
    logs it on the organisation)."""

    def save_instance(self):
        data = self.form.cleaned_data
        rows = record_headcount(
            data["organisation"],
            self.form.figures(),
            source=Headcount.Source.COORDINATOR,
            as_of=data["as_of"],
            source_detail=data.get("source_detail", ""),
            user=self.request.user,
        )
        return rows[0]

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except HeadcountRefused as refused:  # stated by someone else meanwhile
            for level, message in refused.problems.items():
                form.add_error(f"level_{level}", message)
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return f"Staff needing training recorded for {instance.organisation}."

    def get_success_buttons(self):
        return []  # a statement is never edited


class HeadcountViewSet(SnippetViewSet):
    model = Headcount
    icon = "group"
    menu_label = "Staff needing training"
    add_to_admin_menu = False
    index_view_class = HeadcountIndexView
    add_view_class = HeadcountCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["organisation__name"]
    search_backend_name = None
    filterset_class = HeadcountFilterSet
    list_per_page = 50
    list_display = [
        "organisation",
        "level",
        "staff_needing",
        "as_of",
        "source",
        BooleanColumn("counts_now", label="Counts now"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("level_1"), FieldPanel("level_2"), FieldPanel("level_3")]),
            FieldPanel("as_of"),
            FieldPanel("source_detail"),
        ],
        base_form_class=HeadcountForm,
    )
