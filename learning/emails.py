"""Learning's emails, each through the sending engine as a service message (kind
`notification`, no topic: no bulk unsubscribe, nothing done from it stops another kind of email):

- the **refresher reminder**, rendered once for everyone of one level and one set of districts
  on a day: why it came (their level, the day they took it and the day it expires, filled in by
  the engine from the `training_completed_on` and `training_expires_on` merge fields, which it
  reads from the person's `RefresherReminder` row), the next sessions of that level open for
  booking in their districts, and a booking link;
- the **monthly list** of an organisation's people falling due, to its Prevent leads: names,
  level and expiry of their own organisation's people only, never anything from a report.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from core.partnership import partnership
from core.sites import page_url, site_url
from events.models import EventIndexPage
from networks.models import District
from sending.engine import MessageContent, register_merge_field

from .currency import validity_years
from .levels import Level
from .models import RefresherReminder, TrainingSessionPage
from .sessions import upcoming_sessions

SESSIONS_LISTED = 5
SAMPLE_COMPLETED_ON = "4 March 2024"
SAMPLE_EXPIRES_ON = "4 March 2027"


def long_date(day) -> str:
    return dateformat.format(day, "j F Y")


def _reminder_dates(field: str):
    def resolve(send, contact_ids: list[int]) -> dict[int, str]:
        rows = RefresherReminder.objects.filter(send_id=send.pk, contact_id__in=contact_ids)
        return {contact: long_date(day) for contact, day in rows.values_list("contact_id", field)}

    return resolve


def register_learning_merge_fields():
    """Called from `LearningConfig.ready`: the two dates a refresher reminder gives, each
    recipient's own (one query per batch), with their samples for previews and tests."""
    register_merge_field(
        "training_completed_on",
        SAMPLE_COMPLETED_ON,
        "the day the reader completed the training a refresher reminder is about",
        resolve=_reminder_dates("completed_on"),
    )
    register_merge_field(
        "training_expires_on",
        SAMPLE_EXPIRES_ON,
        "the day that training expires",
        resolve=_reminder_dates("expires_on"),
    )


class Emails:
    """Learning's emails for one beat run: what they all share (the partnership's settings,
    its validity periods, the booking links) is read once, however many messages the run
    renders."""

    def __init__(self):
        self.partnership = partnership()
        self.years = validity_years(self.partnership)
        self._booking: dict[int | None, str] = {}

    def _render(self, name: str, context: dict) -> tuple[str, str]:
        context = {
            # The shell's footer reads the settings given (no second lookup per message).
            "partnership": self.partnership,
            "partnership_name": self.partnership.name or settings.WAGTAIL_SITE_NAME,
            "contact_email": self.partnership.contact_email,
            **context,
        }
        html = render_to_string(f"learning/email/{name}.html", context)
        text = render_to_string(f"learning/email/{name}.txt", context)
        return html, text

    def booking_url(self, level: int | None = None) -> str:
        """Where to book a session of `level`: the package page a session of that level
        names, else (or with no level) the events page, every session with its Register
        button, else the hub."""
        if level not in self._booking:
            session = (
                TrainingSessionPage.objects.live()
                .filter(level=level, package__isnull=False, package__live=True)
                .order_by("-start_at")
                .select_related("package")
                .first()
                if level is not None
                else None
            )
            url = page_url(session.package) if session is not None else ""
            self._booking[level] = (
                url or page_url(EventIndexPage.objects.live().first()) or site_url("/")
            )
        return self._booking[level]

    def refresher(self, level: int, district_id: int | None) -> MessageContent:
        """The reminder for everyone of `level` in the district `district_id` (None: no
        district known, only the sessions for everyone), rendered once; the engine fills in
        each person's name and dates."""
        level = Level(level)
        district = District.objects.filter(pk=district_id, is_county_wide=False).first()
        district_ids = [district_id] if district_id else []
        html, text = self._render(
            "refresher",
            {
                "level": level.label,
                "years": self.years[level],
                "sessions": _sessions(level, district_ids),
                "district": district.name if district else "",
                "url": self.booking_url(level),
                "thresholds": sorted(
                    {t for t in settings.LEARNING_REMINDER_DAYS if t > 0}, reverse=True
                ),
            },
        )
        return MessageContent(
            subject=f"Your Prevent training expires on {{{{ training_expires_on }}}}: "
            f"{level.label}",
            html=html,
            text=text,
        )

    def due_list(self, organisation, lines, on, days: int) -> MessageContent:
        """One organisation's list for its Prevent leads: its people falling due within
        `days` and those whose training expired in the last `days`, with level and expiry."""
        labels = dict(Level.choices)
        rows = [
            {
                "name": due.name,
                "level": labels[due.level],
                "expires_on": long_date(due.expires_on),
                "expired": due.expires_on <= on,
                "booked": due.booked,
            }
            for due in lines
        ]
        html, text = self._render(
            "due_list",
            {
                "organisation": organisation.name,
                "expired": [r for r in rows if r["expired"]],
                "falling_due": [r for r in rows if not r["expired"]],
                "days": days,
                "month": dateformat.format(on, "F Y"),
                "url": self.booking_url(),
            },
        )
        people = "person" if len(rows) == 1 else "people"
        return MessageContent(
            subject=f"Prevent training falling due at {organisation.name}: {len(rows)} {people}",
            html=html,
            text=text,
        )


def _sessions(level: int, district_ids) -> list[dict]:
    """The next sessions of `level` open for booking in the districts (and those for everyone:
    `learning.sessions.upcoming_sessions`), with absolute links to book them."""
    listed = []
    for item in upcoming_sessions(level=level, districts=district_ids):
        page = item.page
        url = page_url(page)
        if not url or not page.registration_open or page.has_started:
            continue
        listed.append(
            {
                "title": page.title,
                "when": dateformat.format(timezone.localtime(page.start_at), "l j F Y, H:i"),
                "where": "Online" if page.is_online else page.venue,
                "full": item.full,
                "places_left": item.places_left,
                "url": url + "register/",
            }
        )
        if len(listed) == SESSIONS_LISTED:
            break
    return listed
