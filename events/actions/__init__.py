"""Every change of an event's RSVPs. Each function runs in one transaction and leaves an
`events.*` entry in the event page's history; emails go out after commit.

Capacity is enforced by locking the Session rows (`SELECT … FOR UPDATE`, always in id order so
two answers never deadlock) and counting confirmed + offered bookings inside the transaction: of
two people taking the last place at once, exactly one is confirmed and the other waits.
"""

from ._common import RsvpRefused
from .check_in import CheckInClosed, check_in_booking, check_in_closed
from .feedback import record_feedback
from .invitations import invitation_audience, invite_segments, resend_invitation
from .registration import register_for_event
from .reminders import send_feedback_requests, send_reminders
from .rsvp import accept_invitation, decline_invitation
from .waiting_list import accept_offer, decline_offer, expire_offers, offer_free_places

__all__ = [
    "CheckInClosed",
    "RsvpRefused",
    "accept_invitation",
    "accept_offer",
    "check_in_booking",
    "check_in_closed",
    "decline_invitation",
    "decline_offer",
    "expire_offers",
    "invitation_audience",
    "invite_segments",
    "offer_free_places",
    "record_feedback",
    "register_for_event",
    "resend_invitation",
    "send_feedback_requests",
    "send_reminders",
]
