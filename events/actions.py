"""Every change of an event's RSVPs. Each function runs in one transaction and leaves an
`events.*` entry in the event page's history; emails go out after commit.

Capacity is enforced by locking the Session rows (`SELECT … FOR UPDATE`, always in id order so
two answers never deadlock) and counting confirmed + offered bookings inside the transaction: of
two people taking the last place at once, exactly one is confirmed and the other waits.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from core.queue import promise_on_commit
from core.ratelimit import address_hit
from networks.actions.trace import log_contact
from networks.models import Contact, Suppression
from networks.models.contacts import normalise_email
from networks.segments import resolve_segments

from .models import Booking, EventPage, Invitation, Reminder, Session

State = Invitation.State
B = Booking.State


class RsvpRefused(Exception):
    """An answer that cannot be taken (deadline passed, event started, offer gone…); `message`
    is written for the invitee."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _hold_hours() -> int:
    return int(settings.EVENTS_OFFER_HOLD_HOURS)


def _lock_sessions(ids) -> dict[int, Session]:
    return {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _holding(session: Session) -> int:
    return Booking.objects.filter(session=session, state__in=Booking.HOLDING).count()


def _after_commit(task, *args):
    """The email this change promised: written with the change, sent once after commit, even
    if the broker is down now (beat's `core.sweep` hands it over when it is back)."""
    promise_on_commit(task, *args)


def _confirm_later(invitation_id: int, booking_ids):
    from .tasks import send_confirmation

    if booking_ids:
        _after_commit(send_confirmation, invitation_id, sorted(booking_ids))


def invite_segments(event: EventPage, segments, *, user=None) -> list[Invitation]:
    """Invite everyone of `segments` who is subscribed to event invitations and mailable, once:
    people already invited are skipped. The new invitees get one Send (one Delivery each)
    through the sending engine, each copy with its own RSVP link (the `rsvp_url` merge field).
    Returns the new invitations."""
    from newsletters.engine import send_to_contacts

    from .emails import render_invitation

    with transaction.atomic():
        # One invitation run per event at a time: a second confirm (double click, two tabs)
        # waits here, then finds everyone invited and sends nothing, instead of hitting the
        # unique (event, contact) constraint.
        EventPage.objects.select_for_update(of=("self",)).filter(pk=event.pk).exists()
        contacts = list(resolve_segments(segments, "events"))
        already = set(
            Invitation.objects.filter(event=event, contact__in=contacts).values_list(
                "contact_id", flat=True
            )
        )
        new = [
            Invitation.objects.create(event=event, contact=c)
            for c in contacts
            if c.pk not in already
        ]
        send = None
        if new:
            send = send_to_contacts(
                render_invitation(event),  # rendered once; the engine fills in each link
                [invitation.contact for invitation in new],
                "events",
                kind="invitation",
                source_page=event,
                segments=segments,
                created_by=user,
            )
        log(
            instance=event,
            action="events.invitations.sent",
            user=user,
            data={
                "segments": [s.pk for s in segments],
                "invited": len(new),
                "send": send.pk if send else None,
            },
        )
    return new


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
            from .emails import send_registration

            send_registration(invitation)


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
    event is full. Raises RsvpRefused once the event has started."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
        )
        if now >= invitation.event.start_at:
            raise RsvpRefused("The event has started, so answers can no longer be changed.")
        live = [b for b in invitation.bookings.all() if b.state != B.CANCELLED]
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
        _confirm_later(invitation.pk, [b.pk for b in live])
    return invitation


def _offer_free_places(session: Session, now) -> list[Booking]:
    """Offer each free place of a locked session to the next on its waiting list."""
    from .tasks import send_offer

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
    from .tasks import send_offer_lapsed

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


def check_in_booking(booking: Booking, *, attended: bool = True, user=None) -> Booking:
    """Mark (or unmark, for a mistaken tap) a confirmed booking as attended. Marking it twice
    keeps the first time. A change sends `events.signals.attendance_changed` in the same
    transaction, so what listeners record commits or rolls back with the check-in."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("session__event").get(pk=booking.pk)
        )
        was_attended = booking.checked_in_at is not None
        if attended and was_attended:
            return booking  # a second tap changes nothing (and keeps the first time)
        booking.checked_in_at = timezone.now() if attended else None
        booking.save(update_fields=["checked_in_at"])
        if attended != was_attended:
            from .signals import attendance_changed

            attendance_changed.send(sender=Booking, booking=booking, attended=attended, user=user)
        log(
            instance=booking.session.event,
            action="events.attendee.checked_in" if attended else "events.attendee.unchecked",
            user=user,
            data={"booking": booking.pk},
        )
    return booking


def _record_reminder(invitation: Invitation, kind: str, offset: int) -> bool:
    """Claim one reminder row; False when it was already sent (the unique row exists)."""
    _row, created = Reminder.objects.get_or_create(
        invitation=invitation, kind=kind, offset_days=offset
    )
    return created


def _due_offset(offsets, moment, now):
    due = [d for d in offsets if now >= moment - timedelta(days=d)]
    return min(due) if due else None


def send_reminders(*, now=None) -> dict[str, int]:
    """Beat: remind people with a confirmed place `EVENTS_REMINDER_DAYS_BEFORE` days before the
    event, and chase invitees who have not answered `EVENTS_CHASE_DAYS_BEFORE_DEADLINE` days
    before the deadline. Only the nearest offset that is due is sent (a missed earlier one is
    not sent late); a reminder row per invitation and offset makes it send once."""
    from .emails import send_chase, send_reminder

    now = now or timezone.now()
    counts = {"attendee": 0, "chase": 0}
    for event in EventPage.objects.live().filter(start_at__gt=now):
        offset = _due_offset(settings.EVENTS_REMINDER_DAYS_BEFORE, event.start_at, now)
        if offset is not None:
            attendees = Invitation.objects.filter(
                event=event, state=State.ACCEPTED, bookings__state=B.CONFIRMED
            ).distinct()
            for invitation in attendees.select_related("contact"):
                with transaction.atomic():
                    if _record_reminder(invitation, Reminder.Kind.ATTENDEE, offset):
                        send_reminder(invitation)
                        counts["attendee"] += 1
        offset = _due_offset(settings.EVENTS_CHASE_DAYS_BEFORE_DEADLINE, event.rsvp_deadline, now)
        if offset is not None and now <= event.rsvp_deadline:
            silent = Invitation.objects.filter(event=event, state=State.NO_ANSWER)
            for invitation in silent.select_related("contact"):
                with transaction.atomic():
                    if _record_reminder(invitation, Reminder.Kind.CHASE, offset):
                        send_chase(invitation)
                        counts["chase"] += 1
    return counts


def send_feedback_requests(*, now=None) -> int:
    """Beat: after an event has ended (within the last 14 days), ask each person who was checked
    in for feedback, once."""
    from .emails import send_feedback_request

    now = now or timezone.now()
    sent = 0
    ended = EventPage.objects.filter(end_at__lte=now, end_at__gt=now - timedelta(days=14))
    for event in ended:
        attended = Invitation.objects.filter(
            event=event, bookings__checked_in_at__isnull=False
        ).distinct()
        for invitation in attended.select_related("contact"):
            with transaction.atomic():
                if _record_reminder(invitation, Reminder.Kind.FEEDBACK, 0):
                    send_feedback_request(invitation)
                    sent += 1
    return sent


def record_feedback(invitation: Invitation, usefulness: int, comments: str):
    """Keep (or replace) an attendee's feedback."""
    from .models import EventFeedback

    with transaction.atomic():
        feedback, _ = EventFeedback.objects.update_or_create(
            invitation=invitation, defaults={"usefulness": usefulness, "comments": comments}
        )
        log(
            instance=invitation.event,
            action="events.feedback.received",
            data={"invitation": invitation.pk},
        )
    return feedback
