"""Learning and development's admin pages: the take-up report and its CSV (coordinators, and the
board's read-only role through `learning.view_takeup_report`), and the completions import
(coordinators). Anyone else gets a 404. Views parse input, check access and call the report or
the import actions."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.csv_export import csv_response
from core.disclosure import Rule
from core.periods import Quarter, Year
from networks.csvutil import UnreadableCsv, preview_rows

from . import imports
from .access import require_coordinator, require_takeup_reader, rule_for_screen
from .disclosed import csv_rows, disclose
from .levels import Level
from .models import CompletionImport
from .report import Period, takeup_report

ORGANISATIONS_ON_SCREEN = 200
GAP_ORGANISATIONS_ON_SCREEN = 25


def _period_choices():
    this_year = Year.current()
    years = [Year(this_year.start_year - i) for i in range(5)]
    quarters = Quarter.current().last(8)[::-1]
    return years, quarters


def takeup_report_view(request):
    require_takeup_reader(request.user)
    period = Period.from_query(request.GET)
    shown = disclose(takeup_report(period), rule_for_screen(request))
    years, quarters = _period_choices()
    return render(
        request,
        "learning/admin/takeup_report.html",
        {
            "shown": shown,
            "period": period,
            "years": years,
            "quarters": quarters,
            "exact": shown.rule.exact,
            "organisations_on_screen": ORGANISATIONS_ON_SCREEN,
            "organisations_slice": f":{ORGANISATIONS_ON_SCREEN}",
            # Defaults for the table include (a table without a limit shows every line).
            "limit": "",
            "limit_n": 0,
            "notes": "",
            "gap_organisations_on_screen": GAP_ORGANISATIONS_ON_SCREEN,
            "gap_slice": f":{GAP_ORGANISATIONS_ON_SCREEN}",
            "query": period.key,
            "selected_year": Year.of(period.start),
            "selected_quarter": Quarter.of(period.start)
            if period.key.startswith("quarter")
            else None,
        },
    )


def takeup_report_csv(request):
    """Every export goes through disclosure, the coordinator's too: a file leaves the screen."""
    require_takeup_reader(request.user)
    period = Period.from_query(request.GET)
    shown = disclose(takeup_report(period), Rule.for_partnership(request))
    name = period.key.replace("=", "-")
    return csv_response(f"takeup-{name}.csv", csv_rows(shown))


# --- Import --------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8 (with or without BOM) or Windows-1252."
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_coordinator(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.start_completion_import(upload.name, upload.read(), request.user)
        except imports.ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("learning_admin:import_map", job.pk)
    recent = CompletionImport.objects.all()[:10]
    return render(request, "learning/admin/import_upload.html", {"form": form, "recent": recent})


class MappingForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Level of rows without a level of their own",
        choices=Level.choices,
        coerce=int,
        help_text="The e-learning platform's export is level 1.",
    )

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Do not import"), *imports.IMPORT_FIELDS.items()]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=f"Column “{header}”", choices=choices, required=False
            )

    def mapping(self):
        return {h: self.cleaned_data.get(f"col_{i}", "") for i, h in enumerate(self.headers)}


@require_http_methods(["GET", "POST"])
def import_map(request, pk):
    require_coordinator(request.user)
    job = get_object_or_404(CompletionImport, pk=pk)
    initial = {"level": job.level}
    initial.update({f"col_{i}": job.mapping.get(h, "") for i, h in enumerate(job.headers)})
    form = MappingForm(request.POST or None, headers=job.headers, initial=initial)
    if (
        request.method == "POST"
        and job.status != CompletionImport.Status.IMPORTED
        and form.is_valid()
    ):
        try:
            imports.import_completions(
                job,
                mapping=form.mapping(),
                level=form.cleaned_data["level"],
                dry_run="dry_run" in request.POST,
                user=request.user,
            )
        except imports.ImportRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("learning_admin:import_map", job.pk)
    preview = []
    if job.text:
        try:
            preview = preview_rows(job.text, job.delimiter)
        except UnreadableCsv as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "learning/admin/import_map.html",
        {"job": job, "form": form, "preview": preview, "errors_preview": job.errors[:50]},
    )


def import_errors(request, pk):
    """The error report: one line per problem, (row, column, message)."""
    require_coordinator(request.user)
    job = get_object_or_404(CompletionImport, pk=pk)
    return csv_response(
        f"completions-import-{job.pk}-errors.csv", [["row", "column", "message"], *job.errors]
    )
