"""Every change of completions and headcounts, and the refresher reminders and leads' lists
beat sends. Each runs in a transaction and leaves a `learning.*` log entry. The CSV import is in
`learning.imports`."""

import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from .currency import today
from .headcounts import problems, stated_for
from .models import Completion, DueList, Headcount, RefresherReminder, TrainingSessionPage

logger = logging.getLogger("partnerhub.learning")


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


# --- Refresher reminders and the leads' monthly lists (beat, `learning.tasks`) -------------


def _home_districts(contact_ids) -> dict[int, int | None]:
    """Each contact's district for the sessions a reminder lists: their first district, else
    their organisation's first, else None (only the sessions for everyone). One district each,
    so a day's reminders are a few sends (levels × districts), however people are spread.
    Two queries."""
    from networks.models import Contact, Organisation

    home: dict[int, int | None] = {}
    for contact_id, district_id in (
        Contact.districts.through.objects.filter(contact_id__in=contact_ids)
        .order_by("district__sort_order", "district__name")
        .values_list("contact_id", "district_id")
    ):
        home.setdefault(contact_id, district_id)
    without = [pk for pk in contact_ids if pk not in home]
    if without:
        first: dict[int, int] = {}
        for org_id, district_id in (
            Organisation.districts.through.objects.filter(organisation__contacts__pk__in=without)
            .order_by("district__sort_order", "district__name")
            .values_list("organisation_id", "district_id")
            .distinct()
        ):
            first.setdefault(org_id, district_id)
        for contact_id, org_id in Contact.objects.filter(pk__in=without).values_list(
            "pk", "organisation_id"
        ):
            home[contact_id] = first.get(org_id)
    return home


def _claim_reminders(items) -> list[tuple[int, int]]:
    """Insert the reminder rows of `items` ((Due, threshold) pairs), leaving out any another
    run holds already (the unique (completion, threshold) row), and return (row id, contact
    id) of those this transaction now holds. In completion order, so two runs at once wait on
    each other rather than deadlock; a row another run inserted but has not committed makes
    this insert wait for it, then skip."""
    items = sorted(items, key=lambda item: item[0].completion_id)
    RefresherReminder.objects.bulk_create(
        [
            RefresherReminder(
                completion_id=due.completion_id,
                contact_id=due.contact_id,
                level=due.level,
                completed_on=due.completed_on,
                expires_on=due.expires_on,
                threshold_days=threshold,
            )
            for due, threshold in items
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    # Every committed row has its send; the rows without one are those inserted just now.
    wanted = {(due.completion_id, threshold) for due, threshold in items}
    mine = RefresherReminder.objects.filter(
        completion_id__in=[c for c, _ in wanted], send__isnull=True
    ).values_list("pk", "contact_id", "completion_id", "threshold_days")
    return [(pk, contact) for pk, contact, c, t in mine if (c, t) in wanted]


def send_refresher_reminders(*, on=None) -> int:
    """Beat, daily: tell each person (a directory contact who may be mailed) whose training
    expires within the largest of LEARNING_REMINDER_DAYS that it is due, once per completion
    and threshold. The threshold a completion is at is the nearest one that has come (one
    missed while beat was down is not sent late as well). Nobody who has renewed or booked a
    place at that level or higher is told. One Send per level and district (the sessions it
    lists: `_home_districts`), started now; each person's dates come from their reminder row.
    Returns the number of people told."""
    from django.conf import settings

    from .currency import today, validity_years
    from .due import due_for_reminders

    on = on or today()
    thresholds = sorted({t for t in settings.LEARNING_REMINDER_DAYS if t > 0})
    if not thresholds:
        return 0
    years = validity_years()
    pending = []
    for due in due_for_reminders(on, thresholds[-1], years):
        left = (due.expires_on - on).days
        pending.append((due, min(t for t in thresholds if left <= t)))
    held = set(
        RefresherReminder.objects.filter(
            completion_id__in=[due.completion_id for due, _ in pending]
        ).values_list("completion_id", "threshold_days")
    )
    pending = [(due, t) for due, t in pending if (due.completion_id, t) not in held]
    home = _home_districts(sorted({due.contact_id for due, _ in pending}))
    groups = defaultdict(list)
    for due, threshold in pending:
        groups[(due.level, home[due.contact_id])].append((due, threshold))
    from .emails import Emails

    emails, told = Emails(), 0
    for (level, district), items in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or 0)):
        told += _remind(emails.refresher(level, district), level, items)
    if told:
        logger.info("learning: %s refresher reminders sent for %s", told, on.isoformat())
    return told


def _remind(content, level, items) -> int:
    from networks.models import Contact
    from sending.engine import send_to_contacts
    from sending.models import SendKind

    with transaction.atomic():
        claimed = _claim_reminders(items)
        if not claimed:
            return 0
        contacts = Contact.objects.filter(pk__in=[c for _, c in claimed]).only("pk", "email")
        send = send_to_contacts(content, contacts, "", kind=SendKind.NOTIFICATION)
        RefresherReminder.objects.filter(pk__in=[pk for pk, _ in claimed]).update(send=send)
        log(
            instance=send,
            action="learning.refreshers.sent",
            data={"level": level, "people": len(claimed)},
        )
    return len(claimed)


def send_due_lists(*, on=None) -> int:
    """Beat: once a month (from LEARNING_DUE_LIST_DAY of the month), send each organisation's
    Prevent leads the list of its people whose training expires within LEARNING_DUE_LIST_DAYS
    or expired within as many days before (`learning.due.due_by_organisation`): their own
    organisation's people only. One list per organisation and month (a unique row); an
    organisation with nobody falling due, or no Prevent lead who may be mailed, gets none.
    Returns the number of lists sent."""
    from django.conf import settings

    from networks.models import Organisation
    from networks.reference_data import prevent_leads

    from .currency import today
    from .due import due_by_organisation
    from .emails import Emails

    on = on or today()
    if on.day < settings.LEARNING_DUE_LIST_DAY:
        return 0
    month = on.replace(day=1)
    days = settings.LEARNING_DUE_LIST_DAYS
    done = DueList.objects.filter(month=month).values_list("organisation_id", flat=True)
    by_org = due_by_organisation(on, days)
    for org_id in set(done):
        by_org.pop(org_id, None)
    leads = defaultdict(list)
    for lead in prevent_leads(by_org.keys()).only("pk", "email", "organisation_id"):
        leads[lead.organisation_id].append(lead)
    organisations = Organisation.objects.filter(pk__in=list(leads)).order_by("name")
    emails, sent = Emails(), 0
    for organisation in organisations:
        content = emails.due_list(organisation, by_org[organisation.pk], on, days)
        if _send_due_list(
            content, organisation, by_org[organisation.pk], leads[organisation.pk], on
        ):
            sent += 1
    unled = len(set(by_org) - set(leads))
    if sent or unled:
        logger.info(
            "learning: %s due lists sent for %s; %s organisations with people falling due "
            "have no Prevent lead to send one to",
            sent,
            month.isoformat(),
            unled,
        )
    return sent


def _send_due_list(content, organisation, lines, leads, on) -> bool:
    from sending.engine import send_to_contacts
    from sending.models import SendKind

    try:
        with transaction.atomic():
            due_list = DueList.objects.create(
                organisation=organisation, month=on.replace(day=1), people=len(lines)
            )
            due_list.completions.set([due.completion_id for due in lines])
            due_list.send = send_to_contacts(content, leads, "", kind=SendKind.NOTIFICATION)
            due_list.save(update_fields=["send"])
            log(
                instance=due_list.send,
                action="learning.due_list.sent",
                data={"organisation": organisation.pk, "people": len(lines)},
            )
    except IntegrityError:
        return False  # another run sent this month's list first
    return True


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
