"""Admin report: materials whose review-by date has passed (Reports → Materials due for review)."""

from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.models import Material
from core.csv_export import FormulaSafeExportMixin


class OwnerColumn(Column):
    def get_value(self, instance):
        owner = instance.owner
        if owner is None:
            return "No owner"
        return owner.get_full_name() or owner.get_username()


class OverdueMaterialsView(FormulaSafeExportMixin, ReportView):
    """Every material due for review today or earlier, longest overdue first. Seen by anyone who
    may change materials (editors of the library), exportable as a spreadsheet."""

    page_title = "Materials due for review"
    header_icon = "date"
    index_url_name = "hub_overdue_materials"
    index_results_url_name = "hub_overdue_materials_results"
    model = Material
    permission_required = "change"
    list_export = ["title", "owner", "review_by", "format", "listed"]
    export_headings = {"owner": "Owner", "review_by": "Review by"}
    columns = [
        TitleColumn(
            "title",
            label="Material",
            url_name="wagtailsnippets_cms_material:edit",
        ),
        OwnerColumn("owner", label="Owner"),
        DateColumn("review_by", label="Review by"),
        Column("days_overdue", label="Days overdue"),
    ]

    def get_filename(self):
        return f"materials-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        materials = (
            Material.objects.review_due(today)
            .select_related("owner")
            .order_by("review_by", "title")
        )
        for material in materials:
            material.days_overdue = (today - material.review_by).days
        return materials
