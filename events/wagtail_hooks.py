"""Wagtail admin registration: the coordinator's event screens, header buttons, permission and
the history labels of every `events.*` action."""

from django.contrib.auth.models import Permission
from wagtail import hooks

LOG_ACTIONS = [
    ("events.invitations.sent", "Send invitations", "Invitations sent"),
    ("events.invitation.accepted", "Accept invitation", "Invitation accepted"),
    ("events.invitation.changed", "Change answer", "Answer changed"),
    ("events.invitation.declined", "Decline invitation", "Invitation declined"),
    ("events.invitation.withdrawn", "Withdraw", "Acceptance withdrawn"),
    ("events.place.offered", "Offer place", "Place offered from the waiting list"),
    ("events.offer.accepted", "Take offered place", "Offered place taken"),
    ("events.offer.declined", "Turn down offered place", "Offered place turned down"),
    ("events.offer.expired", "Offer lapsed", "Offered place lapsed"),
    ("events.attendee.checked_in", "Check in", "Attendee checked in"),
    ("events.attendee.unchecked", "Undo check-in", "Check-in undone"),
    ("events.feedback.received", "Feedback", "Feedback received"),
]


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    for code, label, message in LOG_ACTIONS:
        actions.register_action(code, label, message)


@hooks.register("register_permissions")
def register_manage_events_permission():
    return Permission.objects.filter(content_type__app_label="events", codename="manage_events")
