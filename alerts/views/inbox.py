"""The reports inbox: Wagtail's `ReportView` with a filterset, ordering and a metadata export.

Access: responders only, OTP-verified (guards.responder_required, applied in admin_urls); rows
come from alerts.access.reports_for_user (a scoped responder sees only their districts). The
export (CSV or XLSX, every cell through core.csv_export.escape_cell) holds metadata only, never a
report's text or who sent it, and leaves one audit entry per exported report.
"""

from datetime import timedelta

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from core.csv_export import FormulaSafeExportMixin
from networks.models import District

from .. import actions
from ..access import reports_for_user, responders
from ..forms import UNKNOWN_DISTRICT
from ..models import Kind, Report, State, Urgency

# The export stops here (as before the Wagtail view): a larger one is a request for the database.
EXPORT_LIMIT = 5000
AGE_CHOICES = [
    ("1", "Last 24 hours"),
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("older30", "Older than 30 days"),
]


def unacknowledged_count(user) -> int:
    return reports_for_user(user).filter(state=State.NEW).count()


class InboxFilterSet(WagtailFilterSet):
    """The inbox filters. With no state chosen the inbox shows open (not closed) reports."""

    state = django_filters.ChoiceFilter(
        choices=[("all", "All"), *State.choices],
        empty_label="Open (not closed)",
        method="filter_state",
        label="State",
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind", label="Kind")
    district = django_filters.ChoiceFilter(
        empty_label="Any area", method="filter_district", label="Area"
    )
    urgency = django_filters.ChoiceFilter(
        choices=Urgency.choices, empty_label="Any urgency", label="Urgency"
    )
    assignee = django_filters.ChoiceFilter(
        empty_label="Anyone", method="filter_assignee", label="Assigned to"
    )
    age = django_filters.ChoiceFilter(
        choices=AGE_CHOICES, empty_label="Any age", method="filter_age", label="Received"
    )

    class Meta:
        model = Report
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Lists, not callables: Django would run a callable's query on every iteration.
        self.filters["district"].extra["choices"] = [
            *[(str(pk), name) for pk, name in District.objects.values_list("pk", "name")],
            (UNKNOWN_DISTRICT, "Not known"),
        ]
        people = responders().order_by("first_name", "last_name", "username")
        self.filters["assignee"].extra["choices"] = [
            ("me", "Assigned to me"),
            ("none", "Unassigned"),
            *[(str(u.pk), u.get_full_name() or u.get_username()) for u in people],
        ]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.exclude(state=State.CLOSED)
        return queryset

    def filter_state(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(state=value)

    def filter_district(self, queryset, name, value):
        if value == UNKNOWN_DISTRICT:
            return queryset.filter(district__isnull=True)
        return queryset.filter(district_id=value)

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_user=self.request.user)
        if value == "none":
            return queryset.filter(assigned_user__isnull=True, assigned_group__isnull=True)
        return queryset.filter(assigned_user_id=value)

    def filter_age(self, queryset, name, value):
        now = timezone.now()
        if value == "older30":
            return queryset.filter(created_at__lt=now - timedelta(days=30))
        return queryset.filter(created_at__gte=now - timedelta(days=int(value)))


class ReferenceColumn(Column):
    def get_value(self, instance):
        marker = (
            mark_safe(
                ' <span class="w-status w-status--primary" data-new-information>'
                "New information</span>"
            )
            if instance.new_information_at
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("alerts_admin:report", args=[instance.pk]),
            instance.reference,
            marker,
        )


class ReceivedColumn(Column):
    def get_value(self, instance):
        local = timezone.localtime(instance.created_at)
        return f"{local:%-d %b %Y %H:%M} ({timesince(instance.created_at)} ago)"


class UrgencyColumn(Column):
    def get_value(self, instance):
        if instance.urgency == Urgency.URGENT:
            return mark_safe("<strong>Urgent</strong>")
        return "Normal"


def assigned_to(report) -> str:
    """The person's user name and/or the team, as the export has always written it."""
    names = [
        report.assigned_user.get_username() if report.assigned_user else "",
        report.assigned_group.name if report.assigned_group else "",
    ]
    return ", ".join(name for name in names if name)


class AssignedColumn(Column):
    def get_value(self, instance):
        user, group = instance.assigned_user, instance.assigned_group
        names = [
            (user.get_full_name() or user.get_username()) if user else "",
            group.name if group else "",
        ]
        return ", ".join(name for name in names if name)


def _minutes(value):
    return value.isoformat(timespec="minutes") if value else ""


class InboxView(FormulaSafeExportMixin, ReportView):
    """Open reports, most urgent and newest first; filters narrow, column headers re-order."""

    page_title = "Reports inbox"
    header_icon = "mail"
    template_name = "alerts/admin/inbox.html"
    index_url_name = "alerts_admin:inbox"
    index_results_url_name = "alerts_admin:inbox_results"
    filterset_class = InboxFilterSet
    verbose_name_plural = "reports"
    default_ordering = ("-urgency", "-created_at")
    columns = [
        ReferenceColumn("reference", label="Reference", sort_key="reference"),
        ReceivedColumn("created_at", label="Received", sort_key="created_at"),
        Column("get_kind_display", label="Kind", sort_key="kind"),
        Column("district_label", label="Area"),
        Column("get_state_display", label="State", sort_key="state"),
        UrgencyColumn("urgency", label="Urgency", sort_key="urgency"),
        AssignedColumn("assigned", label="Assigned to"),
    ]
    # Metadata only: no description, no messages, no submitter details (tests/alerts/test_inbox.py).
    list_export = [
        "reference",
        "created_at",
        "get_kind_display",
        "district_label",
        "get_state_display",
        "get_outcome_display",
        "get_urgency_display",
        "assigned_to",
        "acknowledged_at",
        "closed_at",
    ]
    export_headings = {
        "reference": "reference",
        "created_at": "received",
        "get_kind_display": "kind",
        "district_label": "area",
        "get_state_display": "state",
        "get_outcome_display": "outcome",
        "get_urgency_display": "urgency",
        "assigned_to": "assigned to",
        "acknowledged_at": "acknowledged",
        "closed_at": "closed",
    }
    custom_field_preprocess = {
        field: {ReportView.FORMAT_CSV: _minutes}
        for field in ("created_at", "acknowledged_at", "closed_at")
    }
    export_filename = "reports"
    # Set by the export.csv route: the inbox's download under its long-standing address.
    export_format = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.export_format:
            self.is_export = True

    def get_base_queryset(self):
        # One query for the page whatever its length: every column reads these joins.
        return reports_for_user(self.request.user).select_related(
            "district", "assigned_user", "assigned_group"
        )

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        ordering = self.ordering if isinstance(self.ordering, tuple) else (self.ordering,)
        return queryset.order_by(*ordering, "-pk")

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            # A filter value that is not a choice narrows nothing, but closed stays hidden.
            return queryset.exclude(state=State.CLOSED)
        return super().filter_queryset(queryset)

    def to_row_dict(self, item):
        item.assigned_to = assigned_to(item)
        return super().to_row_dict(item)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        reports = list(queryset[:EXPORT_LIMIT])
        filters = {}
        if self.filters and self.filters.is_valid():
            filters = {k: v for k, v in self.filters.form.cleaned_data.items() if v}
        actions.record_reports_exported(self.request.user, reports, filters)
        return super().as_spreadsheet(reports, self.export_format or spreadsheet_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unacknowledged"] = unacknowledged_count(self.request.user)
        return context
