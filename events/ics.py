"""iCalendar attachments for bookings (RFC 5545, with the Europe/London VTIMEZONE)."""

from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from core.partnership import partnership as get_partnership
from core.sites import page_url

LONDON = ZoneInfo("Europe/London")


def booking_uid(booking) -> str:
    """Stable for the life of the booking, so a change or cancellation updates the same entry."""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"partnerhub-booking-{booking.pk}@{host}"


def _address(value: str) -> str:
    # DEFAULT_FROM_EMAIL may be "Name <address>".
    return value.rsplit("<", 1)[-1].rstrip(">").strip()


def organizer_for(event_page) -> vCalAddress:
    """The partnership as organiser: its contact address from the partnership settings, else
    DEFAULT_FROM_EMAIL (what replies to the invitation reach), named as the partnership."""
    partnership = get_partnership(event_page.get_site())
    email = getattr(partnership, "contact_email", "") or _address(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress("mailto:" + email)
    organizer.params["cn"] = vText(getattr(partnership, "name", "") or "Prevent Partnership")
    return organizer


def booking_calendar(bookings, method: str) -> bytes:
    """A calendar with one VEVENT per booking: METHOD:REQUEST for places held, METHOD:CANCEL for
    cancelled ones (STATUS:CANCELLED). SEQUENCE is the booking's `ics_sequence`."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    cal = Calendar()
    cal.add("prodid", "-//Partnerhub//Events//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    stamp = timezone.now()
    organizers = {}
    for booking in bookings:
        session = booking.session
        event_page = session.event
        contact = booking.invitation.contact
        entry = Event()
        entry.add("uid", booking_uid(booking))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", session.start_at.astimezone(LONDON))
        entry.add("dtend", session.end_at.astimezone(LONDON))
        entry.add("sequence", booking.ics_sequence)
        entry.add("summary", f"{event_page.title}: {session.name}")
        location = ", ".join(
            part for part in [event_page.venue, " ".join(event_page.venue_address.split())] if part
        )
        entry.add("location", location)
        entry.add("url", page_url(event_page) or settings.SITE_URL)
        entry.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        if event_page.pk not in organizers:
            organizers[event_page.pk] = organizer_for(event_page)
        entry.add("organizer", organizers[event_page.pk])
        attendee = vCalAddress("mailto:" + contact.email)
        attendee.params["cn"] = vText(contact.full_name or contact.email)
        attendee.params["partstat"] = vText("DECLINED" if method == "CANCEL" else "ACCEPTED")
        entry.add("attendee", attendee)
        cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()
