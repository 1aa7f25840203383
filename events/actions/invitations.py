"""Inviting a segment's people to an event."""

from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log

from networks.segments import resolve_audience
from sending.audience import Audience, audience_for
from sending.models import Send, SendKind

from ..models import EventPage, Invitation

# Invitations go to the people subscribed to this topic.
INVITATION_TOPIC = "events"


def already_invited(event: EventPage) -> Q:
    """The contacts who hold an invitation to `event` (invited, or registered themselves): a
    condition on Contact. The confirm page leaves them out and `invite_segments` skips them."""
    return Q(id__in=Invitation.objects.filter(event=event).values("contact_id"))


def invitation_audience(event: EventPage, segments) -> Audience:
    """Who `invite_segments(event, segments)` would invite now, why, and who of the segments it
    leaves out and why (`sending.audience`): what the confirm page lists."""
    return audience_for(
        kind=SendKind.INVITATION,
        page=event,
        topic=INVITATION_TOPIC,
        segments=segments,
        already=already_invited(event),
        already_label="already invited (or registered themselves)",
    )


def invite_segments(
    event: EventPage, segments, *, user=None, idempotency_key: str | None = None
) -> list[Invitation]:
    """Invite everyone of `segments` who is subscribed to event invitations and mailable
    (`networks.segments.resolve_audience`, as the confirm page lists them), once: people
    already invited are skipped. The new invitees get one Send (one Delivery each) through the
    sending engine, each copy with its own RSVP link (the `rsvp_url` merge field), carrying
    `idempotency_key` (the confirm form's): a second confirm with the same key, at once or
    later, invites nobody and sends nothing (find its Send by the key). Returns the new
    invitations."""
    from sending.engine import send_to_contacts

    from ..emails import render_invitation

    with transaction.atomic():
        # One invitation run per event at a time: a second confirm (double click, two tabs)
        # waits here, then finds everyone invited and sends nothing, instead of hitting the
        # unique (event, contact) constraint.
        EventPage.objects.select_for_update(of=("self",)).filter(pk=event.pk).exists()
        if idempotency_key and Send.objects.filter(idempotency_key=idempotency_key).exists():
            return []
        contacts = list(
            resolve_audience(segments, INVITATION_TOPIC, page=event).exclude(already_invited(event))
        )
        new = [Invitation.objects.create(event=event, contact=c) for c in contacts]
        send = None
        if new:
            send = send_to_contacts(
                render_invitation(event),  # rendered once; the engine fills in each link
                [invitation.contact for invitation in new],
                INVITATION_TOPIC,
                kind=SendKind.INVITATION,
                source_page=event,
                segments=segments,
                created_by=user,
                idempotency_key=idempotency_key,
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


def resend_invitation(
    event: EventPage, *, emails, reason, generation, user, idempotency_key
) -> tuple[Send, bool]:
    """Send the invitation to `event` again, now, to the people invitation sends of it already
    reached (all of them, or those of `emails`) who still take invitations, because of
    `reason`; each copy carries the invitee's own RSVP link, as the first did. The engine's
    `resend_to_reached` logs it with the reason on the Send and the event. Returns (send,
    created); a repeated request with the same key gets the first Send."""
    from sending.engine import resend_to_reached

    from ..emails import render_invitation

    return resend_to_reached(
        content=render_invitation(event),
        kind=SendKind.INVITATION,
        page=event,
        topic=INVITATION_TOPIC,
        reason=reason,
        generation=generation,
        user=user,
        idempotency_key=idempotency_key,
        emails=emails,
    )
