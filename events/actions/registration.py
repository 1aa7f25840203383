"""Registering on an open event's page."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from core.ratelimit import address_hit
from networks.actions.trace import log_contact
from networks.models import Contact, Suppression
from networks.models.contacts import normalise_email

from ..models import EventPage, Invitation
from ._common import RsvpRefused


def register_for_event(
    event: EventPage,
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    organisation_name: str = "",
) -> None:
    """Someone registered on an open event's page. They get an invitation of their own and an
    email with its personal link, where they choose sessions (capacity and the waiting list as
    for anyone invited): nothing is booked until the link is followed, so typing somebody
    else's address books nothing. Returns nothing the page could show, so it reads the same
    whether the address was known, already invited or suppressed.

    A new address becomes a directory contact with no subscriptions; a known contact is not
    changed. At most EVENTS_REGISTRATION_EMAILS_PER_HOUR emails an hour go to one address.
    Raises RsvpRefused when the event is invitation-only or registration has closed."""
    if event.invited_only:
        raise RsvpRefused("This event is by invitation only.")
    if not event.registration_open:
        raise RsvpRefused(
            "Registration has closed: the deadline for answers "
            f"({timezone.localtime(event.rsvp_deadline):%-d %B %Y, %H:%M}) has passed."
        )
    email = normalise_email(email)
    if Suppression.objects.filter(email=email).exists():
        return
    with transaction.atomic():
        contact, created = Contact.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name.strip()[:100],
                "last_name": last_name.strip()[:100],
                "organisation_name": organisation_name.strip()[:200],
            },
        )
        if contact.erased_at is not None or not contact.is_active:
            return
        invitation, new = Invitation.objects.get_or_create(
            event=event, contact=contact, defaults={"self_registered": True}
        )
        if created:
            log_contact(contact, "events.contact.registered", event=event.pk)
        log(
            instance=event,
            action="events.registration.requested",
            data={"invitation": invitation.pk, "new": new},
        )
        limit = settings.EVENTS_REGISTRATION_EMAILS_PER_HOUR
        if not address_hit("events:registration", email, limit):
            from ..emails import send_registration

            send_registration(invitation)
