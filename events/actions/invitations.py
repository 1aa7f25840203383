"""Inviting a segment's people to an event."""

from django.db import transaction
from wagtail.log_actions import log

from networks.segments import resolve_segments

from ..models import EventPage, Invitation


def invite_segments(event: EventPage, segments, *, user=None) -> list[Invitation]:
    """Invite everyone of `segments` who is subscribed to event invitations and mailable, once:
    people already invited are skipped. The new invitees get one Send (one Delivery each)
    through the sending engine, each copy with its own RSVP link (the `rsvp_url` merge field).
    Returns the new invitations."""
    from sending.engine import send_to_contacts

    from ..emails import render_invitation

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
