"""The waiting list: offering freed places, taking, turning down and lapsing offers."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Booking, EventPage, Session
from ._common import (
    B,
    RsvpRefused,
    State,
    _after_commit,
    _confirm_later,
    _hold_hours,
    _holding,
    _lock_sessions,
)


def _offer_free_places(session: Session, now) -> list[Booking]:
    """Offer each free place of a locked session to the next on its waiting list."""
    from ..tasks import send_offer

    free = session.capacity - _holding(session)
    if free <= 0:
        return []
    offers = list(
        Booking.objects.select_for_update()
        .filter(session=session, state=B.WAITING)
        .order_by("queued_at", "id")[:free]
    )
    for booking in offers:
        booking.state = B.OFFERED
        booking.offer_expires_at = now + timedelta(hours=_hold_hours())
        booking.save(update_fields=["state", "offer_expires_at"])
        log(
            instance=session.event,
            action="events.place.offered",
            data={"booking": booking.pk, "session": session.pk},
        )
        _after_commit(send_offer, booking.pk)
    return offers


def offer_free_places(event: EventPage, *, now=None) -> int:
    """After the coordinator publishes the event (a capacity raised, a place freed by hand),
    offer every free place to the next on its session's waiting list. Lowering a capacity
    moves nobody: people keep places they were given. Returns the number of places offered."""
    now = now or timezone.now()
    if now >= event.start_at:
        return 0
    with transaction.atomic():
        sessions = _lock_sessions(event.sessions.values_list("pk", flat=True))
        offered = sum(len(_offer_free_places(s, now)) for s in sessions.values())
        if offered:
            log(instance=event, action="events.places.reoffered", data={"offered": offered})
    return offered


def _lock_booking(booking_id: int) -> tuple[Booking, Session]:
    session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    session = _lock_sessions([session_id])[session_id]
    booking = Booking.objects.select_for_update().select_related("invitation").get(pk=booking_id)
    return booking, session


def accept_offer(booking: Booking, *, now=None) -> Booking:
    """Take an offered place. Raises RsvpRefused if the offer has lapsed or was withdrawn."""
    now = now or timezone.now()
    with transaction.atomic():
        booking, session = _lock_booking(booking.pk)
        if booking.state == B.CONFIRMED:
            return booking
        if booking.state != B.OFFERED or booking.offer_expires_at <= now:
            raise RsvpRefused(
                "This offer is no longer open: the place was held for you until the time in "
                "the email and has been offered to the next person."
            )
        booking.state, booking.offer_expires_at = B.CONFIRMED, None
        booking.ics_sequence += 1
        booking.save()
        invitation = booking.invitation
        invitation.state, invitation.answered_at = State.ACCEPTED, now
        invitation.save(update_fields=["state", "answered_at"])
        log(instance=session.event, action="events.offer.accepted", data={"booking": booking.pk})
        _confirm_later(invitation.pk, [booking.pk])
    return booking


def decline_offer(booking: Booking, *, now=None) -> Booking:
    """Turn down an offered place: it is offered to the next person at once."""
    now = now or timezone.now()
    with transaction.atomic():
        booking, session = _lock_booking(booking.pk)
        if booking.state != B.OFFERED:
            return booking
        booking.state, booking.offer_expires_at = B.CANCELLED, None
        booking.save()
        log(instance=session.event, action="events.offer.declined", data={"booking": booking.pk})
        _offer_free_places(session, now)
    return booking


def expire_offers(*, now=None) -> int:
    """Beat: offers not taken within the hold time lapse and go to the next person; the person
    whose offer lapsed is told. Each booking in its own transaction. Returns the number lapsed."""
    from ..tasks import send_offer_lapsed

    now = now or timezone.now()
    lapsed = 0
    due = Booking.objects.filter(state=B.OFFERED, offer_expires_at__lte=now).values_list(
        "pk", flat=True
    )
    for booking_id in list(due):
        with transaction.atomic():
            booking, session = _lock_booking(booking_id)
            if booking.state != B.OFFERED or booking.offer_expires_at > now:
                continue  # taken or declined meanwhile
            booking.state, booking.offer_expires_at = B.CANCELLED, None
            booking.save()
            log(instance=session.event, action="events.offer.expired", data={"booking": booking.pk})
            _after_commit(send_offer_lapsed, booking.pk)
            _offer_free_places(session, now)
            lapsed += 1
    return lapsed
