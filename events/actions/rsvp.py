"""Accepting, changing, declining and withdrawing an invitation."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Booking, Invitation, Session
from ._common import B, RsvpRefused, State, _confirm_later, _holding, _lock_sessions
from .waiting_list import _offer_free_places


def accept_invitation(
    invitation: Invitation, session_ids, answers: dict | None = None, *, now=None
) -> dict[int, str]:
    """Accept (or change an accepted answer) for the chosen sessions; sessions no longer chosen
    are cancelled and their places offered on. Returns {session id: booking state}.
    Raises RsvpRefused after the deadline, once the event has started, or with no session."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
        )
        event = invitation.event
        if now >= event.start_at:
            raise RsvpRefused("The event has started, so answers can no longer be changed.")
        if now > event.rsvp_deadline:
            raise RsvpRefused(
                "The deadline for answers has passed, so we cannot take or change an acceptance. "
                "You can still decline or withdraw."
            )
        chosen = set(
            Session.objects.filter(event=event, pk__in=session_ids).values_list("pk", flat=True)
        )
        if not chosen:
            raise RsvpRefused("Choose at least one session.")
        current = {b.session_id: b for b in invitation.bookings.all()}
        sessions = _lock_sessions(chosen | set(current))
        changed, freed = set(), []
        for sid in sorted(chosen):
            booking = current.get(sid)
            if booking is not None and booking.state in (B.CONFIRMED, B.WAITING):
                continue
            if booking is not None and booking.state == B.OFFERED:
                booking.state = B.CONFIRMED
            else:
                state = (
                    B.CONFIRMED if _holding(sessions[sid]) < sessions[sid].capacity else B.WAITING
                )
                if booking is None:
                    booking = Booking(invitation=invitation, session=sessions[sid])
                booking.state = state
                booking.queued_at = now if state == B.WAITING else None
            booking.offer_expires_at = None
            booking.ics_sequence += 1 if booking.pk else 0
            booking.save()
            current[sid] = booking
            changed.add(booking.pk)
        for sid, booking in current.items():
            if sid not in chosen and booking.state != B.CANCELLED:
                if booking.state in Booking.HOLDING:
                    freed.append(sessions[sid])
                booking.state, booking.offer_expires_at = B.CANCELLED, None
                booking.ics_sequence += 1
                booking.save()
                changed.add(booking.pk)
        answers = answers or {}
        invitation.dietary = answers.get("dietary", "")[:300]
        invitation.access_needs = answers.get("access_needs", "")[:300]
        invitation.free_text = answers.get("free_text", "")
        was = invitation.state
        invitation.state, invitation.answered_at = State.ACCEPTED, now
        invitation.save()
        for session in freed:
            _offer_free_places(session, now)
        result = {sid: current[sid].state for sid in sorted(chosen)}
        log(
            instance=event,
            action="events.invitation.changed"
            if was == State.ACCEPTED
            else "events.invitation.accepted",
            data={"invitation": invitation.pk, "sessions": {str(k): v for k, v in result.items()}},
        )
        _confirm_later(invitation.pk, changed)
    return result


def decline_invitation(invitation: Invitation, *, now=None) -> Invitation:
    """Decline, or withdraw an acceptance: every booking is cancelled and freed places are offered
    to the waiting list. Allowed until the event starts, even after the deadline and when the
    event is full. Every decline that changes the answer is confirmed by email (a Delivery to
    the invitee, after commit); declining again when already declined, with nothing booked,
    changes nothing and sends nothing (`answered_at` stays as it was). Raises RsvpRefused once
    the event has started."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
        )
        if now >= invitation.event.start_at:
            raise RsvpRefused("The event has started, so answers can no longer be changed.")
        live = [b for b in invitation.bookings.all() if b.state != B.CANCELLED]
        if invitation.state in (State.DECLINED, State.WITHDRAWN) and not live:
            return invitation  # a second click: the answer stands, already confirmed
        sessions = _lock_sessions({b.session_id for b in live})
        freed = []
        for booking in live:
            if booking.state in Booking.HOLDING:
                freed.append(sessions[booking.session_id])
            booking.state, booking.offer_expires_at = B.CANCELLED, None
            booking.ics_sequence += 1
            booking.save()
        withdrawing = invitation.state == State.ACCEPTED
        invitation.state = State.WITHDRAWN if withdrawing else State.DECLINED
        invitation.answered_at = now
        invitation.save()
        for session in freed:
            _offer_free_places(session, now)
        log(
            instance=invitation.event,
            action="events.invitation.withdrawn" if withdrawing else "events.invitation.declined",
            data={"invitation": invitation.pk},
        )
        _confirm_later(invitation.pk, [b.pk for b in live], even_without_bookings=True)
    return invitation
