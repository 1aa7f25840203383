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
from .periods import Period, latest_with_figures, picker_choices, refusal
from .sections import Section, all_sections, by_theme


def period_from(query, *, exact: bool) -> tuple[Period, str]:
    """The period the request asks for (a quarter or year key, or — the coordinator's exact
    view only — a custom start and end) and a message when it is not the one asked for.

    Under the rule (`exact` False: a board member, the coordinator's board view, every CSV) a
    range of days, or a period that has not ended, is never shown: the reader is told why and
    gets the latest quarter with figures instead. Nothing asked for: that quarter too."""
    start, end = query.get("start", "").strip(), query.get("end", "").strip()

    def fallback():
        return latest_with_figures(ended_only=not exact)

    try:
        if start or end:
            asked = Period.of_range(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        elif query.get("period"):
            asked = Period.parse(query["period"])
        else:
            return fallback(), ""
    except ValueError as exc:
        period = fallback()
        return period, f"That period could not be shown: {exc}. Showing {period.label}."
    why = "" if exact else refusal(asked)
    if why:
        period = fallback()
        return period, f"{why} Showing {period.label}."
    return asked, ""


def published_snapshot(period: Period) -> ReportSnapshot | None:
    """The latest published report for exactly this period: under the rule its frozen figures
    are the period's figures, so the live ones (changed by late data) are never shown beside
    them."""
    return (
        ReportSnapshot.objects.filter(period_key=period.key, withdrawn_at__isnull=True)
        .order_by("-published_at")
        .first()
    )


@require_GET
def dashboard(request):
    require_board_access(request.user)
    rule = rule_for(request)
    period, error = period_from(request.GET, exact=rule.exact)
    snapshot = None if rule.exact else published_snapshot(period)
    if snapshot is not None:
        sections = [Section.from_dict(s) for s in snapshot.content["sections"]]
    else:
        sections = all_sections(period, rule)
    return render(
        request,
        "board/dashboard.html",
        {
            "page_title": "Board dashboard",
            "header_icon": "table",
            "period": period,
            "error": error,
            "choices": picker_choices(ended_only=not rule.exact),
            "themes": by_theme(sections),
            "exact": rule.exact,
            "rule": rule,
            "published": snapshot,
            "coordinator": is_coordinator(request.user),
            "view_board": is_coordinator(request.user) and request.GET.get("view") == "board",
            "method_note": method_note(rule),
            "csv_query": f"period={period.key}" if period.is_standard else "",
        },
    )


@require_GET
def dashboard_csv(request, table_key):
    """One dashboard table as CSV: always under the partnership's rule (a file leaves the
    coordinator's screen, whoever downloads it), so always for a quarter or year that has
    ended; asked for anything else, the file says so and holds the latest quarter with
    figures."""
    require_board_access(request.user)
    period, message = period_from(request.GET, exact=False)
    rule = Rule.for_partnership(request)
    snapshot = published_snapshot(period)
    if snapshot is not None:
        rows = reports.snapshot_table_csv(snapshot, table_key)
        if rows is None:
            raise Http404
        return csv_response(
            f"{table_key}-{period.key}.csv", [[message], *rows] if message else rows
        )
    for section in all_sections(period, rule):
        for table in section.tables:
            if table.key == table_key:
                rows = reports.table_csv_rows(table, period.label, method_note(rule))
                return csv_response(
                    f"{table_key}-{period.key}.csv", [[message], *rows] if message else rows
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
