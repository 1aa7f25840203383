"""The periods the board's figures cover: `core.periods.Period` (a financial quarter, a financial
year, or — the coordinator's exact view only — a range of days), and the choices the dashboard's
picker offers.

Under the disclosure rule (a board member, the coordinator's "see it as the board does", every
CSV, PDF, email and the `board_report` command) only a financial quarter or year that has ended
is shown: quarters nest in their year, so no two periods a reader can ask for differ by a sliver
of days, and a period still running is not shown day after day as it grows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.periods import Period, Quarter, Year, refusal

__all__ = ["Period", "picker_choices", "refusal"]


def picker_choices(today: dt.date | None = None, *, ended_only: bool = False):
    """The quarters (last eight) and financial years (last three) the picker offers; under the
    rule (`ended_only`), those that have ended."""
    today = today or timezone.localdate()
    quarters = Quarter.of(today).last(9)[::-1]
    years = [Year(Year.of(today).start_year - i) for i in range(4)]
    if ended_only:
        quarters = [q for q in quarters if q.end < today]
        years = [y for y in years if y.end < today]
    return {
        "quarters": [(q.key, q.label) for q in quarters[:8]],
        "years": [(str(y), y.label) for y in years[:3]],
    }


def latest_with_figures(*, ended_only: bool) -> Period:
    """The quarter the dashboard opens on: the latest with figures in it — a report, a send, a
    completion or a subscription — among those the reader may see (under the rule, those that
    have ended), rather than an empty quarter. With nothing anywhere: the last complete quarter.
    Four index reads."""
    from alerts.models import Report
    from learning.models import Completion
    from networks.models import ConsentEvent
    from sending.models import Send

    today = timezone.localdate()
    last = Quarter.of(today).previous() if ended_only else Quarter.of(today)
    limit = Period.of_quarter(last).end_moment
    found = [
        Report.objects.filter(created_at__lt=limit)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first(),
        Send.objects.filter(started_at__lt=limit)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first(),
        ConsentEvent.objects.filter(at__lt=limit)
        .order_by("-at")
        .values_list("at", flat=True)
        .first(),
        Completion.objects.filter(completed_on__lte=last.end)
        .order_by("-completed_on")
        .values_list("completed_on", flat=True)
        .first(),
    ]
    quarters = [Quarter.of(moment) for moment in found if moment is not None]
    return Period.of_quarter(max(quarters) if quarters else Quarter.of(today).previous())
