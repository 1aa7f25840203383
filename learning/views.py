"""Learning and development's admin pages: the take-up report and its CSV (coordinators, and the
board's read-only role through `learning.view_takeup_report`), the completions import
(coordinators) and a contact's certificate (staff who may see the contact). Anyone else gets
a 404. Views parse input, check access and call the report, the import or the certificate."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from core.csv_export import csv_response
from core.disclosure import Rule
from core.periods import Period, Quarter, Year, refusal
from networks.permissions import get_contact_for_user, require_coordinator
from networks.views.imports import ColumnMappingForm, errors_report, mapping_page, upload_page

from . import imports
from .access import require_takeup_reader, rule_for_screen
from .certificates import certificate_response
from .disclosed import csv_rows, disclose
from .impact import impact
from .levels import Level
from .models import Certificate, CompletionImport
from .report import takeup_report

ORGANISATIONS_ON_SCREEN = 200
GAP_ORGANISATIONS_ON_SCREEN = 25
# "Who to target next" by coverage: the furthest below the target (the CSV has them all).
COVERAGE_ON_SCREEN = 50


def _period_choices(*, ended_only: bool):
    """The years (last five) and quarters (last eight) offered; under the rule (`ended_only`),
    only those that have ended, as on the board's dashboard."""
    this_year, this_quarter = Year.current(), Quarter.current()
    if ended_only:
        this_year, this_quarter = this_year.previous(), this_quarter.previous()
    years = [Year(this_year.start_year - i) for i in range(5)]
    quarters = this_quarter.last(8)[::-1]
    return years, quarters


def _period_for(request, rule: Rule) -> tuple[Period, str]:
    """The period asked for and a message when it is not the one shown. Under the rule (a board
    member's screen, and every CSV) a quarter or year that has not ended is refused, with
    `core.periods.refusal`'s reason, as on the board's dashboard: the last ended quarter or year
    is shown instead, so figures are never shown day by day as they grow."""
    period = Period.from_query(request.GET)
    why = "" if rule.exact else refusal(period)
    if not why:
        return period, ""
    if period.kind == "quarter":
        shown = Period.last_complete_quarter()
    else:
        shown = Period.of_year(Year.current().previous())
    return shown, f"{why} Showing {shown.label}."


def takeup_report_view(request):
    require_takeup_reader(request.user)
    rule = rule_for_screen(request)
    period, message = _period_for(request, rule)
    shown = disclose(takeup_report(period), rule)
    years, quarters = _period_choices(ended_only=not rule.exact)
    return render(
        request,
        "learning/admin/takeup_report.html",
        {
            "shown": shown,
            "impact": impact(period, rule),
            "period": period,
            "message": message,
            "years": years,
            "quarters": quarters,
            "exact": shown.rule.exact,
            "organisations_on_screen": ORGANISATIONS_ON_SCREEN,
            "organisations_slice": f":{ORGANISATIONS_ON_SCREEN}",
            # Defaults for the table include (a table without a limit shows every line).
            "limit_n": 0,
            "notes": "",
            "gap_organisations_on_screen": GAP_ORGANISATIONS_ON_SCREEN,
            "gap_slice": f":{GAP_ORGANISATIONS_ON_SCREEN}",
            "coverage_on_screen": COVERAGE_ON_SCREEN,
            "query": period.query,
            "selected_year": Year.of(period.start),
            "selected_quarter": Quarter.of(period.start) if period.kind == "quarter" else None,
        },
    )


def takeup_report_csv(request):
    """Every export goes through disclosure, the coordinator's too: a file leaves the screen, so
    it covers a quarter or year that has ended (asked for one still running, the file says so
    on the line after the header and holds the last ended one)."""
    require_takeup_reader(request.user)
    rule = Rule.for_partnership(request)
    period, message = _period_for(request, rule)
    shown = disclose(takeup_report(period), rule)
    name = period.query.replace("=", "-")
    rows = list(csv_rows(shown))
    if message:  # after the header, in its columns: the period's own line follows it
        rows.insert(1, ["message", message] + [""] * (len(rows[0]) - 2))
    return csv_response(f"takeup-{name}.csv", rows)


# --- Import --------------------------------------------------------------------------------


class MappingForm(ColumnMappingForm):
    import_fields = imports.IMPORT_FIELDS

    level = forms.TypedChoiceField(
        label="Level of rows without a level of their own",
        choices=Level.choices,
        coerce=int,
        help_text="The e-learning platform's export is level 1.",
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_coordinator(request.user)
    return upload_page(
        request,
        start=imports.start_completion_import,
        job_model=CompletionImport,
        template="learning/admin/import_upload.html",
        map_url_name="learning_admin:import_map",
    )


@require_http_methods(["GET", "POST"])
def import_map(request, pk):
    require_coordinator(request.user)
    return mapping_page(
        request,
        get_object_or_404(CompletionImport, pk=pk),
        form_class=MappingForm,
        run=imports.import_completions,
        template="learning/admin/import_map.html",
        errors_url_name="learning_admin:import_errors",
    )


def import_errors(request, pk):
    """The error report: one line per problem, (row, column, message)."""
    require_coordinator(request.user)
    return errors_report(get_object_or_404(CompletionImport, pk=pk), "completions-import")


# --- Certificates --------------------------------------------------------------------------


def certificate_download(request, pk):
    """A contact's certificate as its holder gets it, for staff who may see the contact (the
    coordinator, the lead of one of their districts); a 404 alike for anyone else, a certificate
    that does not exist and one whose completion was removed or erased."""
    certificate = (
        Certificate.objects.select_related("completion__session")
        .filter(pk=pk, completion__erased_at__isnull=True, completion__contact__isnull=False)
        .first()
    )
    if certificate is None:
        raise Http404("Not found.")
    get_contact_for_user(request.user, certificate.completion.contact_id)
    return certificate_response(certificate)
