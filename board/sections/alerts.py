"""Emerging-issue alerts (theme 6, action 6.1): how many were sent, and to which districts."""

from __future__ import annotations

from django.db.models import Count

from core.disclosure import Rule
from networks.models import District
from newsletters.models import Send, SendKind

from ..charts import bar_chart
from ..periods import Period
from .base import Section, counts_table, headline

THEME = 6
WHOLE_AREA = "Whole area (no district chosen)"


def _alerts(period: Period):
    return Send.objects.filter(
        kind=SendKind.ALERT, started_at__gte=period.start_moment, started_at__lt=period.end_moment
    )


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="alerts", title="Alerts", theme=THEME)
    section.headlines = [headline("Alerts sent", period, rule, lambda p: _alerts(p).count())]
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
    section.notes.append(
        "Time from the first related report to the alert: alerts are not yet linked to the "
        "reports that prompted them, so this is not reported."
    )
    return section
