"""The inbox (theme 6, action 6.1): reports and feedback by district, kind, outcome and quarter;
how fast they were acknowledged, first replied to and closed; overdue and escalated counts.
Counts and times only: no report's content, reference or submitter ever reaches this module's
output."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from alerts.models import Kind, Outcome, Report, State
from core import disclosure
from core.disclosure import TOTAL, Figure, Rule
from core.periods import Quarter
from networks.models import District

from ..charts import bar_chart
from ..periods import Period
from ..stats import Bucket, span_percentiles
from .base import (
    Headline,
    Section,
    Table,
    family_figures,
    family_periods,
    figures_table,
    headlines,
    linked_table,
)

THEME = 6
OVERDUE_DAYS = 28  # a report still open this long after it arrived is overdue
NOT_KNOWN = "Not known"
NOT_CLOSED = "Not closed yet"

STEPS = [
    ("To acknowledge", "acknowledged_at"),
    ("To first reply", "first_replied_at"),
    ("To close", "closed_at"),
]


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


def _inbox_link(base: str = "", **query) -> str:
    """The inbox filtered by `query`; `base` is its URL when the caller reversed it already."""
    query = {k: v for k, v in query.items() if v}
    return (base or reverse("alerts_admin:inbox")) + ("?" + urlencode(query) if query else "")


def _month_starts(start, end) -> list:
    """The local midnights that start each month from `start`'s month to the last one before
    `end`."""
    local = timezone.localtime(start)
    year, month = local.year, local.month
    starts = []
    while True:
        moment = timezone.make_aware(dt.datetime(year, month, 1))
        if moment >= end:
            return starts
        starts.append(moment)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _grouped(start, end) -> list[dict]:
    """One grouped scan of the reports received in [start, end): by district, kind, state,
    outcome and month (the month's start, a local midnight), with how many of each group took
    each of the STEPS (`s0`…`s2`). Every table, the received headline, the per-quarter table
    and the times table's counts are folded from it."""
    months = _month_starts(start, end)
    rows = (
        Report.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month_index=Bucket("created_at", months))
        .values("district_id", "kind", "state", "outcome", "month_index")
        .annotate(
            n=Count("id"),
            **{
                f"s{i}": Count("id", filter=Q(**{f"{end}__isnull": False}))
                for i, (_, end) in enumerate(STEPS)
            },
        )
        .order_by()
    )
    found = []
    for r in rows:
        r["month"] = months[r.pop("month_index")]
        found.append(r)
    return found


class _Scans:
    """The grouped scans of one render, each range read once (the exact view's quarter table
    reads the period's scan again; the times table under the rule reads the two years the
    cubes read)."""

    def __init__(self):
        self.found: dict[tuple, list[dict]] = {}

    def __call__(self, start, end) -> list[dict]:
        if (start, end) not in self.found:
            self.found[(start, end)] = _grouped(start, end)
        return self.found[(start, end)]


def _two_years(period: Period) -> tuple:
    """The financial year of a quarter or year and the year before: where it and every
    comparison period fall."""
    year = period.financial_year
    return Period.of_year(year.previous()).start_moment, Period.of_year(year).end_moment


class _Cube:
    """The counts of reports received that the dashboard shows, for a set of periods, as one
    cube: (period, district, outcome, kind), `TOTAL` for a margin. Under the rule, a financial
    year's four quarters and the year are one cube (`period` TOTAL is the year), disclosed
    together by `disclosure.linked` — the district table, the outcome table, the per-quarter
    table, the received headline and the chart of each period are its slices, so a count
    hidden in one is hidden in all and no year, total or breakdown gives it back."""

    def __init__(self, districts, kinds, outcomes):
        self.districts = [d for d, _ in districts] + [None]
        self.kinds = [k for k, _ in kinds]
        self.outcomes = [o for o, _ in outcomes]

    def cells(self, groups: list[dict], period_of) -> dict[tuple, int]:
        """`period_of(month)`: the period key a month's reports count in (None: not here)."""
        exact: dict[tuple, int] = {}
        for r in groups:
            period = period_of(r["month"])
            if period is None or r["kind"] not in self.kinds:
                continue
            district = r["district_id"] if r["district_id"] in self.districts else None
            outcome = r["outcome"] if r["state"] == State.CLOSED else ""
            if outcome not in self.outcomes:
                outcome = ""
            key = (period, district, outcome, r["kind"])
            exact[key] = exact.get(key, 0) + r["n"]
        return exact

    def publish(self, exact: dict[tuple, int], periods: list, with_year: bool) -> dict[tuple, int]:
        """Every cell a view of these periods shows (and, `with_year`, their year as TOTAL),
        summed from the exact counts in a fixed order, so the same counts always give the same
        disclosure."""
        T = TOTAL
        period_keys = [*periods, T] if with_year else list(periods)
        cells: dict[tuple, int] = {}
        for p in period_keys:
            for d in [*self.districts, T]:
                for k in [*self.kinds, T]:
                    cells[(p, d, T, k)] = 0
            for o in [*self.outcomes, T]:
                for k in [*self.kinds, T]:
                    cells[(p, T, o, k)] = 0
        for (p, d, o, k), n in exact.items():
            for pp in (p, T) if with_year else (p,):
                for dd in (d, T):
                    cells[(pp, dd, T, k)] += n
                    cells[(pp, dd, T, T)] += n
                cells[(pp, T, o, k)] += n  # (pp, T, T, …) is counted with the districts
                cells[(pp, T, o, T)] += n
        return cells


def _cubes(
    period: Period, rule: Rule, cube: _Cube, grouped: _Scans
) -> dict[str, tuple[object, disclosure.Linked]]:
    """{period key: (its coordinate, the disclosed cube it is read from)} for the period and
    each comparison period. Under the rule: the cubes of the financial year and the year
    before (one grouped scan of both). The exact view: the period's cube, and for each
    comparison period only what it shows there, the number received (one count of them all)."""
    if rule.exact:
        groups = grouped(period.start_moment, period.end_moment)
        cells = cube.publish(cube.cells(groups, lambda m: period.key), [period.key], False)
        out = {period.key: (period.key, disclosure.linked(cells, rule))}
        others = [p for _, p in period.comparisons()]
        counted = (
            Report.objects.filter(
                created_at__gte=min(p.start_moment for p in others),
                created_at__lt=max(p.end_moment for p in others),
                kind__in=cube.kinds,
            )
            .order_by()
            .aggregate(
                **{f"c{i}": Count("pk", filter=_received_q(p)) for i, p in enumerate(others)}
            )
        )
        for i, p in enumerate(others):
            total = (p.key, TOTAL, TOTAL, TOTAL)
            out[p.key] = (p.key, {total: disclosure.count(counted[f"c{i}"], rule)})
        return out
    if not period.is_standard:  # not shown under the rule (board.periods): for completeness
        out = {}
        for p in [period, *(p for _, p in period.comparisons())]:
            groups = grouped(p.start_moment, p.end_moment)
            cells = cube.publish(cube.cells(groups, lambda m, k=p.key: k), [p.key], False)
            out[p.key] = (p.key, disclosure.linked(cells, rule))
        return out
    years = [period.financial_year.previous(), period.financial_year]
    groups = grouped(*_two_years(period))
    out = {}
    for year in years:
        quarters = [q.key for q in year.quarters()]

        def quarter_of(month, year=year):
            q = Quarter.of_month(month.year, month.month)
            return q.key if q.year == year.start_year else None

        cells = cube.publish(cube.cells(groups, quarter_of), quarters, True)
        shown = disclosure.linked(cells, rule, category_dim=3, forced=())
        for key in quarters:
            out[key] = (key, shown)
        out[str(year)] = (TOTAL, shown)
    return out


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="inbox", title="Feedback and tension inbox", theme=THEME)
    received_label = "Reports and feedback received"
    kinds = list(Kind.choices)
    districts = list(District.objects.order_by("sort_order", "name").values_list("id", "name"))
    outcomes = [*Outcome.choices, ("", NOT_CLOSED)]
    cube = _Cube(districts, kinds, outcomes)
    grouped = _Scans()
    cubes = _cubes(period, rule, cube, grouped)

    def shown(p: Period, d, o, k) -> Figure:
        coordinate, linked = cubes[p.key]
        return linked[(coordinate, d, o, k)]

    T = TOTAL
    inbox = _inbox_link() if rule.exact else ""  # reversed once for every link below
    section.headlines = [
        Headline(
            label=received_label,
            value=shown(period, T, T, T),
            comparisons=[(name, shown(p, T, T, T)) for name, p in period.comparisons()],
            link=inbox if rule.exact else "",
        )
    ]
    # Escalated and overdue: their four numbers and their family's in one scan.
    section.headlines += headlines(
        period,
        rule,
        Report.objects.all(),
        [
            ("Escalated (urgent, not picked up in time)", _escalated_q),
            (f"Overdue (open more than {OVERDUE_DAYS} days)", _overdue_q),
        ],
    )
    district_rows = [*districts, (None, NOT_KNOWN)]
    table = linked_table(
        "inbox-district-kind",
        "Reports received by district and kind",
        "District",
        district_rows,
        kinds,
        lambda d, k: shown(period, d, T, k),
        links=[
            [_inbox_link(inbox, district=d or "", kind=k) for k, _ in kinds]
            for d, _ in district_rows
        ]
        if rule.exact
        else None,
        exact=rule.exact,
    )
    section.tables.append(table)
    section.charts.append(_totals_chart(table))
    section.tables.append(
        linked_table(
            "inbox-outcome-kind",
            "Outcome of the reports received, by kind",
            "Outcome",
            outcomes,
            kinds,
            lambda o, k: shown(period, T, o, k),
        )
    )

    quarters = period.quarters()
    if len(quarters) > 1:
        if rule.exact or not period.is_standard:
            coordinate, whole = cubes[period.key]
            groups = grouped(period.start_moment, period.end_moment)
            keys = [q.key for q in quarters]
            cells = cube.publish(
                cube.cells(groups, lambda m: Quarter.of_month(m.year, m.month).key),
                keys,
                False,
            )
            per_quarter = disclosure.linked(cells, rule)

            def quarter_figure(q, k):
                if q == T:
                    return whole[(coordinate, T, T, k)]
                return per_quarter[(q, T, T, k)]
        else:

            def quarter_figure(q, k):
                return shown(period, T, T, k) if q == T else shown(Period.parse(q), T, T, k)

        section.tables.append(
            linked_table(
                "inbox-quarters",
                "Reports received per quarter, by kind",
                "Quarter",
                [(q.key, q.label) for q in quarters],
                kinds,
                quarter_figure,
            )
        )
    section.tables.append(_times(period, rule, grouped))
    return section


def _times(period: Period, rule: Rule, grouped: _Scans) -> Table:
    """The three steps' medians and 90th percentiles in one query (percentile_cont, filtered)
    over the period's reports alone: each report carries its own times. A median needs the
    rule's `statistic_base` records; the count of reports that took each step is linked across
    the family like every other count, summed by month from the family's grouped scan (the
    one the cubes read)."""
    times = span_percentiles(_received(period), [("created_at", end, Q()) for _, end in STEPS])
    counts = [disclosure.count(n, rule) for n, _ in times]
    family = [] if rule.exact else family_periods(period)
    if family:
        groups = grouped(family[0].start_moment, family[-1].end_moment)
        # Each month's counts once, then each month into the family's periods that hold it
        # (its quarter and its year): a few thousand groups, not groups × periods.
        by_month: dict = {}
        for r in groups:
            month = by_month.setdefault(r["month"], [0] * len(STEPS))
            for i in range(len(STEPS)):
                month[i] += r[f"s{i}"]
        bounds = [(p.key, p.start_moment, p.end_moment) for p in family]
        found = [dict.fromkeys((p.key for p in family), 0) for _ in STEPS]
        for month, steps in by_month.items():
            for key, start, end in bounds:
                if start <= month < end:
                    for i, n in enumerate(steps):
                        found[i][key] += n
        counts = [family_figures(f, family, rule)[period.key] for f in found]
    cells = [
        [
            disclosure.percentile(median, n, rule),
            disclosure.percentile(p90, n, rule),
            shown_n,
        ]
        for (n, (median, p90)), shown_n in zip(times, counts, strict=True)
    ]
    return figures_table(
        "inbox-times",
        "Time taken, in hours (reports received in the period)",
        "Step",
        [label for label, _ in STEPS],
        ["Median (hours)", "90th percentile (hours)", "Reports"],
        cells,
        note=f"Not shown (—) when fewer than {rule.statistic_base} reports took that step.",
    )


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
