"""Events (theme 3, and the annual event of action 2.5): invited, registered, attended and
no-shows per event, day against evening sessions, and the feedback scores."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractHour
from django.utils import timezone

from core import disclosure
from core.disclosure import TOTAL, Rule
from core.periods import Quarter, Year
from events.models import Booking, EventFeedback, EventPage, Invitation

from ..charts import bar_chart
from ..periods import Period
from .base import Headline, Section, Table, counts_table, figures_table, headline, headlines
from .cube import cube_reader, year_cube

THEME = 3
EVENING_FROM_HOUR = 17  # a session starting at 17:00 or later (local time) is an evening one


def _events(period: Period):
    return EventPage.objects.filter(
        start_at__gte=period.start_moment, start_at__lt=period.end_moment
    )


def _attended(period: Period) -> int:
    return (
        Booking.objects.filter(session__event__in=_events(period), checked_in_at__isnull=False)
        .values("invitation_id")
        .distinct()
        .count()
    )


def _per_event(start, end) -> list[dict]:
    """Every event starting in [start, end) with its invited, registered, attended, expected
    and no-show counts: one grouped query over their invitations."""
    now = timezone.now()
    checked_in = Booking.objects.filter(invitation=OuterRef("pk"), checked_in_at__isnull=False)
    confirmed_started = Booking.objects.filter(
        invitation=OuterRef("pk"), state=Booking.State.CONFIRMED, session__start_at__lt=now
    )
    per_event = (
        Invitation.objects.filter(event__start_at__gte=start, event__start_at__lt=end)
        .annotate(attended=Exists(checked_in), expected=Exists(confirmed_started))
        .values("event_id", "event__title", "event__start_at")
        .annotate(
            invited=Count("id", filter=Q(self_registered=False)),
            registered=Count("id", filter=Q(state=Invitation.State.ACCEPTED)),
            attended_n=Count("id", filter=Q(attended=True)),
            expected_n=Count("id", filter=Q(expected=True)),
            no_show=Count("id", filter=Q(expected=True, attended=False)),
        )
        .order_by("event__start_at", "event_id")
    )
    return list(per_event)


def _sessions(start, end) -> list[dict]:
    """Places confirmed and attended in day and evening sessions, per event starting in
    [start, end): one grouped query over their bookings."""
    hour = ExtractHour("session__start_at", tzinfo=timezone.get_current_timezone())
    day, evening = Q(hour__lt=EVENING_FROM_HOUR), Q(hour__gte=EVENING_FROM_HOUR)
    booked, attended = Q(state=Booking.State.CONFIRMED), Q(checked_in_at__isnull=False)
    return list(
        Booking.objects.filter(
            session__event__start_at__gte=start, session__event__start_at__lt=end
        )
        .annotate(hour=hour)
        .values("session__event__start_at")
        .annotate(
            day_booked=Count("id", filter=booked & day),
            day_attended=Count("id", filter=attended & day),
            evening_booked=Count("id", filter=booked & evening),
            evening_attended=Count("id", filter=attended & evening),
        )
        .order_by()
    )


def _scores(start, end) -> list[dict]:
    """Feedback answers per usefulness score, per event starting in [start, end)."""
    return list(
        EventFeedback.objects.filter(
            invitation__event__start_at__gte=start, invitation__event__start_at__lt=end
        )
        .values("invitation__event__start_at", "usefulness")
        .annotate(n=Count("id"))
        .order_by()
    )


SCORES = (5, 4, 3, 2, 1)
MEASURES = ["Invited", "Registered", "Attended", "No-shows"]
SESSION_KINDS = ("day", "evening")


def figures(period: Period, rule: Rule) -> Section:
    """Under the rule (a quarter or a year), each financial year is one cube per table (events
    × measures, day and evening × places and attendance, scores × answers), disclosed together
    over its quarters and the year (`cube.year_cube`), so a quarter's tables and its year's
    never give back what the other hides; "People who attended" is the attendance table's
    total, with the year before's cube for its comparisons. The coordinator's exact view reads
    the period alone."""
    section = Section(key="events", title="Events and training sessions", theme=THEME)
    linked = not rule.exact and period.is_standard
    if linked:
        year = period.financial_year
        events = _per_event(
            Period.of_year(year.previous()).start_moment, Period.of_year(year).end_moment
        )
        fy = Period.of_year(year)
        sessions, scores = (
            _sessions(fy.start_moment, fy.end_moment),
            _scores(fy.start_moment, fy.end_moment),
        )
    else:
        events = _per_event(period.start_moment, period.end_moment)
        sessions = _sessions(period.start_moment, period.end_moment)
        scores = _scores(period.start_moment, period.end_moment)

    def quarter_of(moment) -> str:
        return Quarter.of(moment).key

    rows = [r for r in events if period.start_moment <= r["event__start_at"] < period.end_moment]
    section.headlines = headlines(
        period,
        rule,
        EventPage.objects.all(),
        [("Events held", lambda p: Q(start_at__gte=p.start_moment, start_at__lt=p.end_moment))],
    )
    expected = sum(r["expected_n"] for r in rows)
    no_show = sum(r["no_show"] for r in rows)
    names = [
        f"{r['event__title']} ({timezone.localtime(r['event__start_at']):%-d %b %Y})" for r in rows
    ]
    counts = {
        r["event_id"]: [r["invited"], r["registered"], r["attended_n"], r["no_show"]]
        for r in events
    }
    booked = dict.fromkeys(("day_booked", "day_attended", "evening_booked", "evening_attended"), 0)
    for r in sessions:
        for k in booked:
            booked[k] += r[k]
    answers = dict.fromkeys(SCORES, 0)
    for r in scores:
        if r["usefulness"] in answers:
            answers[r["usefulness"]] += r["n"]
    attendance_note = (
        "Registered: accepted an invitation or registered themselves. No-shows: a confirmed "
        "place in a session that has started, and not checked in."
    )
    session_rows = ["Day", f"Evening (from {EVENING_FROM_HOUR}:00)"]
    session_columns = ["Places confirmed", "Attended"]
    score_rows = ["Very useful (5)", "Useful (4)", "Neither (3)", "Not very (2)", "Not at all (1)"]
    if linked:

        def build_events(y) -> disclosure.Linked:
            mine = [r for r in events if Year.of(r["event__start_at"]) == y]
            values = {
                (quarter_of(r["event__start_at"]), r["event_id"], j): n
                for r in mine
                for j, n in enumerate(counts[r["event_id"]])
            }
            return year_cube(y, values, [r["event_id"] for r in mine], range(len(MEASURES)), rule)

        def build_sessions(y) -> disclosure.Linked:
            values: dict[tuple, int] = {}
            for r in sessions:
                q = quarter_of(r["session__event__start_at"])
                for kind in SESSION_KINDS:
                    for j, measure in enumerate(("booked", "attended")):
                        key = (q, kind, j)
                        values[key] = values.get(key, 0) + r[f"{kind}_{measure}"]
            return year_cube(y, values, SESSION_KINDS, (0, 1), rule)

        def build_scores(y) -> disclosure.Linked:
            values: dict[tuple, int] = {}
            for r in scores:
                if r["usefulness"] in SCORES:
                    key = (quarter_of(r["invitation__event__start_at"]), r["usefulness"], 0)
                    values[key] = values.get(key, 0) + r["n"]
            return year_cube(y, values, SCORES, (0,), rule)

        event_figure = cube_reader([year.previous(), year], build_events)
        session_figure = cube_reader([year], build_sessions)
        score_figure = cube_reader([year], build_scores)
        section.headlines.append(
            Headline(
                label="People who attended",
                value=event_figure(period, TOTAL, 2),
                comparisons=[(name, event_figure(p, TOTAL, 2)) for name, p in period.comparisons()],
            )
        )
        table = Table(
            key="events-attendance",
            title="Invited, registered, attended and no-shows by event",
            row_heading="Event",
            rows=names,
            columns=list(MEASURES),
            cells=[[event_figure(period, r["event_id"], j) for j in range(4)] for r in rows],
            column_totals=[event_figure(period, TOTAL, j) for j in range(4)],
            note=attendance_note,
        )
        session_table = Table(
            key="events-day-evening",
            title="Day and evening sessions",
            row_heading="Sessions",
            rows=session_rows,
            columns=session_columns,
            cells=[[session_figure(period, k, j) for j in (0, 1)] for k in SESSION_KINDS],
            column_totals=[session_figure(period, TOTAL, j) for j in (0, 1)],
        )
        score_table = Table(
            key="events-feedback",
            title="Feedback: how useful was it?",
            row_heading="Answer",
            rows=score_rows,
            columns=["Answers"],
            cells=[[score_figure(period, s, 0)] for s in SCORES],
            column_totals=[score_figure(period, TOTAL, 0)],
        )
        answered = score_figure(period, TOTAL, 0)
    else:
        section.headlines.append(headline("People who attended", period, rule, _attended))
        table = counts_table(
            "events-attendance",
            "Invited, registered, attended and no-shows by event",
            "Event",
            names,
            MEASURES,
            [counts[r["event_id"]] for r in rows],
            rule,
            row_totals=False,
            note=attendance_note,
        )
        session_table = counts_table(
            "events-day-evening",
            "Day and evening sessions",
            "Sessions",
            session_rows,
            session_columns,
            [
                [booked["day_booked"], booked["day_attended"]],
                [booked["evening_booked"], booked["evening_attended"]],
            ],
            rule,
            row_totals=False,
        )
        score_table = counts_table(
            "events-feedback",
            "Feedback: how useful was it?",
            "Answer",
            score_rows,
            ["Answers"],
            [[answers[s]] for s in SCORES],
            rule,
            row_totals=False,
        )
        answered = disclosure.count(sum(answers.values()), rule)
    section.headlines.append(
        Headline(label="No-show rate", value=disclosure.rate(no_show, expected, rule))
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table, columns=[1, 2]))
    section.tables.append(session_table)
    section.tables.append(score_table)
    section.charts.append(bar_chart(score_table))
    # the period's answers only (the year's cube covers its quarters)
    in_period = [
        r
        for r in scores
        if period.start_moment <= r["invitation__event__start_at"] < period.end_moment
        and r["usefulness"] in SCORES
    ]
    n = sum(r["n"] for r in in_period)
    average = sum(r["usefulness"] * r["n"] for r in in_period) / n if n else None
    section.tables.append(
        figures_table(
            "events-feedback-average",
            "Average usefulness score (1 to 5)",
            "Feedback",
            ["All events"],
            ["Average score", "Answers"],
            [[disclosure.average(average, n, rule), answered]],
        )
    )
    return section
