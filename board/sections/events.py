"""Events (theme 3, and the annual event of action 2.5): invited, registered, attended and
no-shows per event, day against evening sessions, and the feedback scores."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractHour
from django.utils import timezone

from core import disclosure
from core.disclosure import Rule
from events.models import Booking, EventFeedback, EventPage, Invitation

from ..charts import bar_chart
from ..periods import Period
from .base import Headline, Section, counts_table, figures_table, headline, headlines

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


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="events", title="Events and training sessions", theme=THEME)
    now = timezone.now()
    checked_in = Booking.objects.filter(invitation=OuterRef("pk"), checked_in_at__isnull=False)
    confirmed_started = Booking.objects.filter(
        invitation=OuterRef("pk"), state=Booking.State.CONFIRMED, session__start_at__lt=now
    )
    per_event = (
        Invitation.objects.filter(event__in=_events(period))
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
    rows = list(per_event)
    section.headlines = headlines(
        period,
        rule,
        EventPage.objects.all(),
        [("Events held", lambda p: Q(start_at__gte=p.start_moment, start_at__lt=p.end_moment))],
    ) + [headline("People who attended", period, rule, _attended)]
    expected = sum(r["expected_n"] for r in rows)
    no_show = sum(r["no_show"] for r in rows)
    section.headlines.append(
        Headline(label="No-show rate", value=disclosure.rate(no_show, expected, rule))
    )
    table = counts_table(
        "events-attendance",
        "Invited, registered, attended and no-shows by event",
        "Event",
        [
            f"{r['event__title']} ({timezone.localtime(r['event__start_at']):%-d %b %Y})"
            for r in rows
        ],
        ["Invited", "Registered", "Attended", "No-shows"],
        [[r["invited"], r["registered"], r["attended_n"], r["no_show"]] for r in rows],
        rule,
        row_totals=False,
        note="Registered: accepted an invitation or registered themselves. No-shows: a confirmed "
        "place in a session that has started, and not checked in.",
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table, columns=[1, 2]))

    sessions = (
        Booking.objects.filter(session__event__in=_events(period))
        .annotate(hour=ExtractHour("session__start_at", tzinfo=timezone.get_current_timezone()))
        .aggregate(
            day_booked=Count(
                "id", filter=Q(state=Booking.State.CONFIRMED, hour__lt=EVENING_FROM_HOUR)
            ),
            day_attended=Count(
                "id", filter=Q(checked_in_at__isnull=False, hour__lt=EVENING_FROM_HOUR)
            ),
            evening_booked=Count(
                "id", filter=Q(state=Booking.State.CONFIRMED, hour__gte=EVENING_FROM_HOUR)
            ),
            evening_attended=Count(
                "id", filter=Q(checked_in_at__isnull=False, hour__gte=EVENING_FROM_HOUR)
            ),
        )
    )
    section.tables.append(
        counts_table(
            "events-day-evening",
            "Day and evening sessions",
            "Sessions",
            ["Day", f"Evening (from {EVENING_FROM_HOUR}:00)"],
            ["Places confirmed", "Attended"],
            [
                [sessions["day_booked"], sessions["day_attended"]],
                [sessions["evening_booked"], sessions["evening_attended"]],
            ],
            rule,
            row_totals=False,
        )
    )

    feedback = EventFeedback.objects.filter(invitation__event__in=_events(period))
    scores = dict(feedback.values_list("usefulness").annotate(n=Count("id")))
    stats = feedback.aggregate(avg=Avg("usefulness"), n=Count("id"))
    score_table = counts_table(
        "events-feedback",
        "Feedback: how useful was it?",
        "Answer",
        ["Very useful (5)", "Useful (4)", "Neither (3)", "Not very (2)", "Not at all (1)"],
        ["Answers"],
        [[scores.get(s, 0)] for s in (5, 4, 3, 2, 1)],
        rule,
        row_totals=False,
    )
    section.tables.append(score_table)
    section.charts.append(bar_chart(score_table))
    section.tables.append(
        figures_table(
            "events-feedback-average",
            "Average usefulness score (1 to 5)",
            "Feedback",
            ["All events"],
            ["Average score", "Answers"],
            [
                [
                    disclosure.average(stats["avg"], stats["n"], rule),
                    disclosure.count(stats["n"], rule),
                ]
            ],
        )
    )
    return section
