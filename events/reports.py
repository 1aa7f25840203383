"""Read-only figures for the coordinator's screens and the annual report."""

from collections import Counter

from django.db.models import Count, Q

from networks.models import Organisation

from .models import Booking, EventFeedback, Invitation, Session


def places_left(event) -> list[tuple]:
    """(session, places left) for each session of the event, in order, in one query; 0 means
    a new acceptance would join the waiting list."""
    return places_by_event([event.pk]).get(event.pk, [])


def places_by_event(event_ids) -> dict[int, list[tuple]]:
    """{event id: [(session, places left), …]} for many events in one query (the events list,
    site search), each event's sessions in their order."""
    sessions = (
        Session.objects.filter(event_id__in=list(event_ids))
        .annotate(taken=Count("bookings", filter=Q(bookings__state__in=Booking.HOLDING)))
        .order_by("event_id", "sort_order", "pk")
    )
    places: dict[int, list[tuple]] = {}
    for s in sessions:
        places.setdefault(s.event_id, []).append((s, max(s.capacity - s.taken, 0)))
    return places


def live_list(event):
    """Counts and the people in each state, with their bookings and answers."""
    invitations = list(
        Invitation.objects.filter(event=event)
        .select_related("contact__organisation")
        .prefetch_related("bookings__session")
    )
    sessions = list(event.sessions.all())
    per_session = {s.pk: Counter(b.state for b in s.bookings.all()) for s in sessions}
    counts = Counter(i.state for i in invitations)
    return {
        "invitations": invitations,
        "sessions": [
            {
                "session": s,
                "confirmed": per_session[s.pk]["confirmed"],
                "offered": per_session[s.pk]["offered"],
                "waiting": per_session[s.pk]["waiting"],
                "over": max(
                    per_session[s.pk]["confirmed"] + per_session[s.pk]["offered"] - s.capacity, 0
                ),
            }
            for s in sessions
        ],
        "invited": len(invitations),
        "registered": sum(1 for i in invitations if i.self_registered),
        "accepted": counts["accepted"],
        "declined": counts["declined"] + counts["withdrawn"],
        "no_answer": counts["no_answer"],
        "waiting": sum(per_session[s.pk]["waiting"] for s in sessions),
    }


def annual_figures(event):
    """Invited and attended, overall and by sector and district (seed action 2.5 reporting)."""
    invitations = Invitation.objects.filter(event=event).select_related("contact__organisation")
    attended_ids = set(
        Booking.objects.filter(invitation__event=event, checked_in_at__isnull=False).values_list(
            "invitation_id", flat=True
        )
    )
    sectors = dict(Organisation._meta.get_field("sector").choices)
    by_sector, by_district = Counter(), Counter()
    invited_sector, invited_district = Counter(), Counter()
    for invitation in invitations.prefetch_related("contact__districts"):
        contact = invitation.contact
        sector = sectors.get(contact.organisation.sector) if contact.organisation else None
        sector = sector or "No organisation recorded"
        districts = [d.name for d in contact.districts.all()] or ["No district recorded"]
        invited_sector[sector] += 1
        for d in districts:
            invited_district[d] += 1
        if invitation.pk in attended_ids:
            by_sector[sector] += 1
            for d in districts:
                by_district[d] += 1
    return {
        "invited": invitations.count(),
        "accepted": invitations.filter(state="accepted").count(),
        "attended": len(attended_ids),
        "by_sector": sorted((k, invited_sector[k], by_sector[k]) for k in invited_sector),
        "by_district": sorted((k, invited_district[k], by_district[k]) for k in invited_district),
    }


def feedback_summary(event):
    """The feedback form's answers: how many, the average and the spread of usefulness, and
    every answer with its comments (newest first)."""
    answers = list(
        EventFeedback.objects.filter(invitation__event=event)
        .select_related("invitation__contact__organisation")
        .order_by("-submitted_at")
    )
    choices = EventFeedback._meta.get_field("usefulness").choices
    spread = Counter(a.usefulness for a in answers)
    return {
        "answers": answers,
        "count": len(answers),
        "average": round(sum(a.usefulness for a in answers) / len(answers), 1) if answers else None,
        "spread": [(label, spread[value]) for value, label in choices],
        "asked": Invitation.objects.filter(event=event, reminders__kind="feedback").count(),
    }
