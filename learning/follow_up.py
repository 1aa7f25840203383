"""The impact follow-up (seed action 3.6, "did it change anything?"): three months after a
training session ends, each person who was checked in at it gets a short questionnaire — have
you used it, are you more confident to seek advice or refer, have you — answered through a
personal link without an account.

Once, twice over: a `FollowUp` row per person and session (the database's unique key) is
written in the transaction that creates the email's Delivery, so beat running again, or two
beats at once, never sends it twice; and an answer is written only to a row not yet answered
(one conditional UPDATE), so a second submit changes nothing and is told so.

The questionnaire asks nothing about a person or a case: three answers from a fixed list, no
free text, so no concern about an individual (still less a Channel referral) can be written into
it. Answers are read only as counts under the disclosure rule (`learning.impact`).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.log_actions import log

from core.partnership import partnership
from events.models import Booking
from networks.models import Contact
from sending.engine import MessageContent, send_to_contact
from sending.models import SendKind

from .currency import today
from .levels import Level
from .links import follow_up_url
from .models import FollowUp, TrainingSessionPage

QUESTIONS = {
    "used_it": "Have you used what you learned at the session in your work?",
    "more_confident": "Are you more confident to seek advice or make a referral when you are "
    "worried that someone is being drawn into terrorism?",
    "sought_advice": "Since the session, have you sought advice about a concern or made a "
    "referral?",
}


class AlreadyAnswered(Exception):
    """The questionnaire was answered before: the first answers stand."""


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day (31 May → 31 August,
    30 November → 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def due_on(session: TrainingSessionPage) -> date:
    """The day a session's follow-up is due: LEARNING_FOLLOW_UP_MONTHS after its last day."""
    return add_months(timezone.localdate(session.end_at), settings.LEARNING_FOLLOW_UP_MONTHS)


def due_sessions(day: date) -> list[TrainingSessionPage]:
    """The sessions whose follow-up falls due on `day` or in the window before it (a beat run
    missed for a few days still sends it; a session long past, e.g. when this was switched on,
    does not get one)."""
    months, window = settings.LEARNING_FOLLOW_UP_MONTHS, settings.LEARNING_FOLLOW_UP_WINDOW_DAYS
    # A generous range of end days (a month is 28 to 31 days), then the exact rule per session.
    latest = day - timedelta(days=28 * months - 1)
    earliest = day - timedelta(days=31 * months + window + 2)
    candidates = TrainingSessionPage.objects.filter(
        end_at__date__gte=earliest, end_at__date__lte=latest
    ).order_by("end_at", "pk")
    return [s for s in candidates if due_on(s) <= day < due_on(s) + timedelta(days=window)]


def attendees(session: TrainingSessionPage):
    """The contacts checked in at the session (any of its parts), not erased."""
    checked_in = Booking.objects.filter(session__event=session, checked_in_at__isnull=False)
    return Contact.objects.filter(
        erased_at__isnull=True, event_invitations__bookings__in=checked_in
    ).distinct()


def send_follow_ups(*, day: date | None = None) -> int:
    """Beat, daily: the questionnaire to each attendee of every session due on `day` (default:
    today) who has not had it. Returns how many were sent."""
    day = day or today()
    sent = 0
    for session in due_sessions(day):
        for contact in attendees(session).exclude(training_follow_ups__session=session):
            if send_follow_up(session, contact) is not None:
                sent += 1
    return sent


def send_follow_up(session: TrainingSessionPage, contact: Contact):
    """The questionnaire of `session` to `contact`, once: None when they had it already."""
    with transaction.atomic():
        follow_up, created = FollowUp.objects.get_or_create(
            session=session, contact=contact, defaults={"level": session.level}
        )
        if not created:
            return None
        delivery = send_to_contact(
            render_follow_up_email(follow_up),
            contact,
            "",
            kind=SendKind.NOTIFICATION,
            source=follow_up,
        )
        FollowUp.objects.filter(pk=follow_up.pk).update(delivery=delivery)
        log(instance=session, action="learning.follow_up.sent", data={"follow_up": follow_up.pk})
    return follow_up


def render_follow_up_email(follow_up: FollowUp) -> MessageContent:
    """Why it came (they attended this session), what it asks, and the personal link."""
    session = follow_up.session
    context = {
        "partnership": partnership().name,
        "contact": follow_up.contact,
        "session": session.title,
        "session_day": timezone.localdate(session.start_at),
        "level": Level(follow_up.level).label,
        "months": settings.LEARNING_FOLLOW_UP_MONTHS,
        "url": follow_up_url(follow_up),
        "days": settings.LEARNING_FOLLOW_UP_LINK_DAYS,
    }
    html = render_to_string("learning/email/follow_up.html", context)
    text = render_to_string("learning/email/follow_up.txt", context)
    return MessageContent(
        subject=f"Three questions about your Prevent training: {session.title}"[:255],
        html=html,
        text=text,
    )


def answer_follow_up(follow_up: FollowUp, *, used_it: str, more_confident: str, sought_advice: str):
    """Keep the answers of a questionnaire not yet answered. Raises AlreadyAnswered when it was
    (the first answers stand): the UPDATE touches only a row still unanswered, so of two
    submits racing one writes."""
    with transaction.atomic():
        written = FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(),
            used_it=used_it,
            more_confident=more_confident,
            sought_advice=sought_advice,
        )
        if not written:
            raise AlreadyAnswered
        if follow_up.session_id:
            log(
                instance=follow_up.session,
                action="learning.follow_up.answered",
                data={"follow_up": follow_up.pk},
            )
