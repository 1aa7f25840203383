"""Emerging-issue alerts (theme 6, action 6.1): how many were sent, to which districts, and how
long it took from the first report that prompted an alert to sending it (where responders
linked the reports to the alert). Counts and times only: no report reaches this module's
output."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery

from alerts.models import ReportAlertLink
from core import disclosure
from core.disclosure import Rule
from networks.models import District
from sending.models import Send, SendKind

from ..charts import bar_chart
from ..periods import Period
from ..stats import span_percentiles
from .base import Section, counts_table, figures_table, headlines

THEME = 6
WHOLE_AREA = "Whole area (no district chosen)"


def _alerts(period: Period):
    return Send.objects.filter(
        kind=SendKind.ALERT, started_at__gte=period.start_moment, started_at__lt=period.end_moment
    )


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="alerts", title="Alerts", theme=THEME)
    section.headlines = headlines(
        period,
        rule,
        Send.objects.filter(kind=SendKind.ALERT),
        [("Alerts sent", lambda p: Q(started_at__gte=p.start_moment, started_at__lt=p.end_moment))],
    )
    through = Send.districts.through
    per_district = dict(
        through.objects.filter(send__in=_alerts(period))
        .values_list("district_id")
        .annotate(n=Count("send_id", distinct=True))
    )
    whole_area = _alerts(period).filter(districts__isnull=True).count()
    districts = list(District.objects.order_by("sort_order", "name").values_list("id", "name"))
    table = counts_table(
        "alerts-districts",
        "Alerts sent, by district",
        "District",
        [n for _, n in districts] + [WHOLE_AREA],
        ["Alerts"],
        [[per_district.get(d, 0)] for d, _ in districts] + [[whole_area]],
        rule,
        row_totals=False,
        note="An alert to two districts counts in each, so the rows can add to more than the "
        "alerts sent.",
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table))
    section.tables.append(_time_from_first_report(period, rule))
    section.notes.append(
        "Time from the first report to the alert counts the alerts sent in the period that a "
        "responder linked, from the report's triage screen, to the reports that prompted them: "
        "from the earliest linked report that arrived before the alert was sent to the moment "
        "sending started. Alerts without a linked report are not in it."
    )
    return section


def _time_from_first_report(period: Period, rule: Rule):
    """Median and 90th percentile of hours from the earliest linked report's arrival to the
    send's start, over the period's alert sends with a linked report that came before it; one
    query (percentile_cont on PostgreSQL, as the inbox's times)."""
    first_report = (
        ReportAlertLink.objects.filter(
            alert_id=OuterRef("source_page_id"), report__created_at__lte=OuterRef("started_at")
        )
        .order_by("report__created_at")
        .values("report__created_at")[:1]
    )
    timed = _alerts(period).annotate(first_report_at=Subquery(first_report))
    ((n, (median, p90)),) = span_percentiles(timed, [("first_report_at", "started_at", Q())])
    return figures_table(
        "alerts-report-time",
        "Time from the first linked report to the alert, in hours (alerts sent in the period)",
        "Step",
        ["From the first report to sending the alert"],
        ["Median (hours)", "90th percentile (hours)", "Alerts with linked reports"],
        [
            [
                disclosure.percentile(median, n, rule),
                disclosure.percentile(p90, n, rule),
                disclosure.count(n, rule),
            ]
        ],
        note=f"Not shown (—) when fewer than {rule.statistic_base} alerts have linked reports.",
    )
