"""The inbox (theme 6, action 6.1): reports and feedback by district, kind, outcome and quarter;
how fast they were acknowledged, first replied to and closed; overdue and escalated counts.
Counts and times only: no report's content, reference or submitter ever reaches this module's
output."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from alerts.models import Kind, Outcome, Report, State
from core import disclosure
from core.disclosure import Rule
from core.periods import Quarter
from networks.models import District

from ..charts import bar_chart
from ..periods import Period
from ..stats import span_percentiles
from .base import Section, Table, counts_table, figures_table, headlines

THEME = 6
OVERDUE_DAYS = 28  # a report still open this long after it arrived is overdue
NOT_KNOWN = "Not known"
NOT_CLOSED = "Not closed yet"


def _received(period: Period):
    return Report.objects.filter(_received_q(period))


def _received_q(period: Period) -> Q:
    return Q(created_at__gte=period.start_moment, created_at__lt=period.end_moment)


def _escalated_q(period: Period) -> Q:
    return Q(escalated_at__gte=period.start_moment, escalated_at__lt=period.end_moment)


def _overdue_q(period: Period) -> Q:
    """Open at the end of the period (or closed after it) and older than OVERDUE_DAYS then."""
    end = min(period.end_moment, timezone.now())
    return Q(created_at__lt=end - timezone.timedelta(days=OVERDUE_DAYS)) & (
        Q(closed_at__isnull=True) | Q(closed_at__gte=end)
    )


def _inbox_link(**query) -> str:
    query = {k: v for k, v in query.items() if v}
    return reverse("alerts_admin:inbox") + ("?" + urlencode(query) if query else "")


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="inbox", title="Feedback and tension inbox", theme=THEME)
    received_label = "Reports and feedback received"
    # The six headline numbers (three, and each for the previous period) in one scan.
    section.headlines = headlines(
        period,
        rule,
        Report.objects.all(),
        [
            (received_label, _received_q),
            ("Escalated (urgent, not picked up in time)", _escalated_q),
            (f"Overdue (open more than {OVERDUE_DAYS} days)", _overdue_q),
        ],
        links={received_label: _inbox_link()},
    )
    received = _received(period)
    kinds = list(Kind.choices)
    kind_col = {k: j for j, (k, _) in enumerate(kinds)}
    districts = list(District.objects.order_by("sort_order", "name").values_list("id", "name"))
    district_row = {d: i for i, (d, _) in enumerate(districts)}
    district_row[None] = len(districts)
    # One grouped scan of the period's reports feeds the three tables below.
    groups = list(
        received.annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("district_id", "kind", "state", "outcome", "month")
        .annotate(n=Count("id"))
    )
    grid = [[0] * len(kinds) for _ in range(len(districts) + 1)]
    for r in groups:
        if r["kind"] in kind_col:
            grid[district_row[r["district_id"]]][kind_col[r["kind"]]] += r["n"]
    table = counts_table(
        "inbox-district-kind",
        "Reports received by district and kind",
        "District",
        [n for _, n in districts] + [NOT_KNOWN],
        [label for _, label in kinds],
        grid,
        rule,
        links=[
            [_inbox_link(district=d or "", kind=k) for k, _ in kinds]
            for d in [d for d, _ in districts] + [None]
        ],
    )
    section.tables.append(table)
    section.charts.append(_totals_chart(table))

    outcomes = [*Outcome.choices, ("", NOT_CLOSED)]
    outcome_row = {o: i for i, (o, _) in enumerate(outcomes)}
    by_outcome = [[0] * len(kinds) for _ in outcomes]
    for r in groups:
        if r["kind"] not in kind_col:
            continue
        key = r["outcome"] if r["state"] == State.CLOSED and r["outcome"] in outcome_row else ""
        by_outcome[outcome_row[key]][kind_col[r["kind"]]] += r["n"]
    section.tables.append(
        counts_table(
            "inbox-outcome-kind",
            "Outcome of the reports received, by kind",
            "Outcome",
            [label for _, label in outcomes],
            [label for _, label in kinds],
            by_outcome,
            rule,
        )
    )

    quarters = period.quarters()
    if len(quarters) > 1:
        per_quarter = {q: [0] * len(kinds) for q in quarters}
        for r in groups:
            q = Quarter.of_month(r["month"].year, r["month"].month)
            if q in per_quarter and r["kind"] in kind_col:
                per_quarter[q][kind_col[r["kind"]]] += r["n"]
        section.tables.append(
            counts_table(
                "inbox-quarters",
                "Reports received per quarter, by kind",
                "Quarter",
                [q.label for q in quarters],
                [label for _, label in kinds],
                [per_quarter[q] for q in quarters],
                rule,
            )
        )

    steps = [
        ("To acknowledge", "acknowledged_at"),
        ("To first reply", "first_replied_at"),
        ("To close", "closed_at"),
    ]
    # The three steps' medians and 90th percentiles in one query (percentile_cont, filtered)
    # over the period's reports alone: each report carries its own times.
    times = span_percentiles(received, [("created_at", end, Q()) for _, end in steps])
    rows = [label for label, _ in steps]
    cells = [
        [
            disclosure.average(median, n, rule),
            disclosure.average(p90, n, rule),
            disclosure.count(n, rule),
        ]
        for n, (median, p90) in times
    ]
    section.tables.append(
        figures_table(
            "inbox-times",
            "Time taken, in hours (reports received in the period)",
            "Step",
            rows,
            ["Median (hours)", "90th percentile (hours)", "Reports"],
            cells,
            note="Not shown (—) when fewer reports than the smallest count shown took that step.",
        )
    )
    return section


def _totals_chart(table):
    """A chart of the reports per district (the row totals), drawn from the disclosed table."""
    per_district = Table(
        key=table.key,
        title="Reports received by district",
        row_heading=table.row_heading,
        rows=table.rows,
        columns=["Reports"],
        cells=[[f] for f in table.row_totals],
    )
    return bar_chart(per_district)
