"""Every change of completions. Each runs in a transaction and leaves a `learning.*` log entry.
The CSV import is in `learning.imports`."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import Completion, TrainingSessionPage


def where_they_work(contact) -> dict:
    """The organisation, sector and district a completion records for `contact`, as they are
    today: the contact's first district, else their organisation's only district."""
    org = contact.organisation
    district = contact.districts.order_by("sort_order", "name").first()
    if district is None and org is not None:
        districts = list(org.districts.all()[:2])
        district = districts[0] if len(districts) == 1 else None
    return {
        "organisation": org,
        "organisation_name": "" if org else contact.organisation_name,
        "sector": org.sector if org else "",
        "district": district,
    }


def record_attendance(booking, *, user=None) -> Completion | None:
    """The completion of a booking checked in at a training session: exactly one per booking
    (a second check-in finds the first), with its certificate (`learning.certificates`: one
    per booking, emailed once). None for an event that is not a training session."""
    from .certificates import issue_certificates

    session_page = TrainingSessionPage.objects.filter(pk=booking.session.event_id).first()
    if session_page is None:
        return None
    with transaction.atomic():
        existing = Completion.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
        contact = booking.invitation.contact
        completion = Completion.objects.create(
            contact=contact,
            person_name=contact.full_name,
            email=contact.email,
            level=session_page.level,
            completed_on=timezone.localdate(booking.session.start_at),
            course=session_page.title[:200],
            session=session_page,
            booking=booking,
            source=Completion.Source.ATTENDANCE,
            **where_they_work(contact),
        )
        log(
            instance=session_page,
            action="learning.completion.recorded",
            user=user,
            data={"completion": completion.pk, "booking": booking.pk},
        )
        issue_certificates([completion])
    return completion


def remove_attendance(booking, *, user=None) -> int:
    """A check-in undone (a mistaken tap): its completion goes. Returns how many rows went."""
    with transaction.atomic():
        rows = list(Completion.objects.filter(booking=booking).select_related("session"))
        for completion in rows:
            log(
                instance=completion.session or booking.session.event,
                action="learning.completion.removed",
                user=user,
                data={"completion": completion.pk, "booking": booking.pk},
            )
            completion.delete()
    return len(rows)
