"""Wagtail admin registration: the coordinator's event screens, header buttons, permission and
the history labels of every `events.*` action."""

from wagtail import hooks

from core.admin_hooks import register_permissions
from core.log_codes import register_log_codes

LOG_ACTIONS = {
    "events.invitations.sent": ("Send invitations", "Invitations sent"),
    "events.invitation.accepted": ("Accept invitation", "Invitation accepted"),
    "events.invitation.changed": ("Change answer", "Answer changed"),
    "events.invitation.declined": ("Decline invitation", "Invitation declined"),
    "events.invitation.withdrawn": ("Withdraw", "Acceptance withdrawn"),
    "events.place.offered": ("Offer place", "Place offered from the waiting list"),
    "events.offer.accepted": ("Take offered place", "Offered place taken"),
    "events.offer.declined": ("Turn down offered place", "Offered place turned down"),
    "events.offer.expired": ("Offer lapsed", "Offered place lapsed"),
    "events.attendee.checked_in": ("Check in", "Attendee checked in"),
    "events.attendee.unchecked": ("Undo check-in", "Check-in undone"),
    "events.feedback.received": ("Feedback", "Feedback received"),
    "events.registration.requested": ("Register", "Registered on the event page"),
    "events.contact.registered": ("Register for an event", "Added by registering for an event"),
    "events.places.reoffered": ("Offer places", "Places offered after a capacity change"),
}
register_log_codes(LOG_ACTIONS)


register_permissions("events.manage_events")


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    from django.urls import include, path

    from . import admin_urls

    return [path("events/", include(admin_urls, namespace="events_admin"))]


EVENT_TOOLS = [
    ("Invite", "invite", "mail", 21),
    ("Answers", "list", "list-ul", 22),
    ("Check-in", "check_in", "tick", 23),
    ("Sign-in sheet", "sign_in", "doc-full", 24),
    ("Figures", "figures", "table", 25),
    ("Feedback", "feedback", "comment", 26),
]


def event_tool_buttons(page, user) -> list:
    """The coordinator's event screens as buttons, for the event's page header (edit view) and
    the "⋯" menu of its listing; nothing for anyone who may not manage events."""
    from django.urls import reverse
    from wagtail.admin.widgets.button import Button

    from .access import can_manage_events
    from .models import EventPage

    # Subclasses too: a training session (learning) is an event with a level.
    cls = page.specific_class
    if cls is None or not issubclass(cls, EventPage) or not can_manage_events(user):
        return []
    return [
        Button(
            label,
            reverse(f"events_admin:{name}", args=[page.pk]),
            icon_name=icon,
            priority=priority,
            attrs={"data-event-tool": name},
        )
        for label, name, icon, priority in EVENT_TOOLS
    ]


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    # The edit view shows these in the header itself (events.admin_views.EventEditView).
    if view_name == "edit":
        return []
    return event_tool_buttons(page, user)


@hooks.register("register_admin_viewset")
def register_event_page_viewset():
    from .admin_views import event_page_viewset

    return event_page_viewset
