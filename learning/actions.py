"""Every change of completions and headcounts. Each runs in a transaction and leaves a
`learning.*` log entry. The CSV import is in `learning.imports`."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .currency import today
from .headcounts import problems, stated_for
from .models import Completion, Headcount, TrainingSessionPage


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
    (a second check-in finds the first). None for an event that is not a training session."""
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


class HeadcountRefused(ValueError):
    """A statement of staff needing training that contradicts itself: `problems` is
    {level: what is wrong}, in the words the forms show."""

    def __init__(self, problems: dict[int, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def record_headcount(
    organisation,
    figures: dict[int, int | None],
    *,
    source: str,
    as_of=None,
    source_detail: str = "",
    user=None,
) -> list[Headcount]:
    """Record how many of `organisation`'s staff need each level (`figures`: level → number;
    None or absent: that level is not stated now and its previous statement stands), as of
    `as_of` (default today; never in the future). A new row per level stated, never an edit:
    the history stays, the latest counts. Logged on the organisation as
    `learning.headcount.recorded`. Raises HeadcountRefused (and records nothing) when the
    figures contradict each other or the organisation's other levels (`headcounts.problems`),
    ValueError for a day in the future."""
    as_of = as_of or today()
    if as_of > today():
        raise ValueError("a headcount cannot be stated for a day in the future")
    given = {level: n for level, n in figures.items() if n is not None}
    with transaction.atomic():
        found = problems(given, stated_for(organisation.pk, as_of))
        if found:
            raise HeadcountRefused(found)
        rows = Headcount.objects.bulk_create(
            [
                Headcount(
                    organisation=organisation,
                    level=level,
                    staff_needing=n,
                    as_of=as_of,
                    source=source,
                    source_detail=source_detail[:200],
                    recorded_by=user,
                )
                for level, n in sorted(given.items())
            ]
        )
        if rows:
            log(
                instance=organisation,
                action="learning.headcount.recorded",
                user=user,
                data={
                    "levels": {str(level): n for level, n in sorted(given.items())},
                    "as_of": as_of.isoformat(),
                    "source": source,
                },
            )
    return rows
