"""The board dashboard and the published reports in the admin. Views parse the period, check
access and render; the figures come from board.sections, the reports from board.reports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.csv_export import csv_response
from core.disclosure import Rule, method_note
from core.roles import is_coordinator

from . import reports
from .access import can_view_board, require_board_access, rule_for
from .models import ReportSnapshot
from .periods import Period, picker_choices
from .sections import all_sections, by_theme


def period_from(query) -> tuple[Period, str]:
    """The period the request asks for (a quarter or year key, or a custom start and end), and
    an error message when what it asked for could not be read (the last complete quarter then)."""
    start, end = query.get("start", "").strip(), query.get("end", "").strip()
    try:
        if start or end:
            return Period.of_range(dt.date.fromisoformat(start), dt.date.fromisoformat(end)), ""
        if query.get("period"):
            return Period.parse(query["period"]), ""
    except ValueError as exc:
        return Period.last_complete_quarter(), f"That period could not be shown: {exc}."
    return Period.last_complete_quarter(), ""


@require_GET
def dashboard(request):
    require_board_access(request.user)
    period, error = period_from(request.GET)
    rule = rule_for(request)
    sections = all_sections(period, rule)
    return render(
        request,
        "board/dashboard.html",
        {
            "page_title": "Board dashboard",
            "header_icon": "table",
            "period": period,
            "error": error,
            "choices": picker_choices(),
            "themes": by_theme(sections),
            "exact": rule.exact,
            "coordinator": is_coordinator(request.user),
            "view_board": is_coordinator(request.user) and request.GET.get("view") == "board",
            "method_note": method_note(rule),
            "csv_query": f"period={period.key}",
        },
    )


@require_GET
def dashboard_csv(request, table_key):
    """One dashboard table as CSV: always under the partnership's rule (a file leaves the
    coordinator's screen, whoever downloads it)."""
    require_board_access(request.user)
    period, error = period_from(request.GET)
    if error:
        raise Http404
    rule = Rule.for_partnership(request)
    for section in all_sections(period, rule):
        for table in section.tables:
            if table.key == table_key:
                return csv_response(
                    f"{table_key}-{period.key}.csv",
                    reports.table_csv_rows(table, period.label, method_note(rule)),
                )
    raise Http404


@require_GET
def report_list(request):
    require_board_access(request.user)
    return render(
        request,
        "board/report_list.html",
        {
            "page_title": "Board reports",
            "header_icon": "doc-full",
            "snapshots": ReportSnapshot.objects.all(),
        },
    )


def _snapshot_for_user(user, pk) -> ReportSnapshot:
    """A published report's snapshot, or 404 (missing and not allowed read the same)."""
    if not can_view_board(user):
        raise Http404
    snapshot = ReportSnapshot.objects.filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    return snapshot


@require_GET
def report_detail(request, pk):
    snapshot = _snapshot_for_user(request.user, pk)
    return render(request, "board/report_detail.html", reports.report_context(snapshot))


@require_GET
def report_pdf(request, pk):
    snapshot = _snapshot_for_user(request.user, pk)
    response = HttpResponse(reports.snapshot_pdf(snapshot), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(snapshot)}.pdf"'
    return response


@require_GET
def report_csv(request, pk, table_key):
    snapshot = _snapshot_for_user(request.user, pk)
    rows = reports.snapshot_table_csv(snapshot, table_key)
    if rows is None:
        raise Http404
    return csv_response(f"{reports.filename(snapshot)}-{table_key}.csv", rows)
