"""The annual event: Wagtail pages (event, index, sessions) and the RSVP records."""

from .pages import EventIndexPage, EventPage, Session
from .rsvp import Booking, EventFeedback, Invitation, Reminder

__all__ = [
    "Booking",
    "EventFeedback",
    "EventIndexPage",
    "EventPage",
    "Invitation",
    "Reminder",
    "Session",
]
