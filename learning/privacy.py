"""Completions' part in subject access, erasure and the page of a directory contact (networks'
hooks).

A completion is found by its contact or, for one imported before the person was in the
directory, by their address. Erasure blanks the person on every such row (contact, name,
address, the booking link) and marks it erased: the row still counts in the anonymous totals
(level, quarter, sector, district, organisation) but no longer in any figure that names a
person (a Prevent lead's level 3, a person's own history). Their refresher reminder rows go
(and with no contact left on the completions, no reminder is sent again), and every monthly
list to Prevent leads that named them has its stored copy blanked.

A completion's certificate goes with it: once the completion is erased its code confirms
nothing on the verify page and its link opens nothing (`learning.certificates.confirm`,
`learning.links`), and a certificate email not yet sent is not sent. Impact follow-ups lose
their person (and the email they came in): the answers stay, anonymous, in the counts.
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from sending.models import Send

from .certificates import format_code
from .currency import current_level, expires_on, today, training_of, validity_years
from .models import Certificate, Completion, DueList, FollowUp, RefresherReminder


def completions_of(contact, email=None):
    email = (email or contact.email or "").strip().lower()
    match = Q(contact=contact)
    if email:
        match |= Q(email=email)
    return Completion.objects.filter(match, erased_at__isnull=True)


@hooks.register("networks_subject_access")
def completions_for_subject_access(contact):
    rows = completions_of(contact).select_related("organisation", "district", "session")
    on, years = today(), validity_years()
    data = []
    for c in rows.order_by("completed_on", "pk"):
        ends = expires_on(c.level, c.completed_on, years)
        data.append(
            {
                "level": c.level,
                "completed_on": c.completed_on.isoformat(),
                "expires_on": ends.isoformat(),
                "in_date": c.completed_on <= on < ends,
                "course": c.course,
                "session": c.session.title if c.session_id else None,
                "organisation": c.organisation.name if c.organisation_id else c.organisation_name,
                "district": c.district.name if c.district_id else None,
                "how_recorded": c.get_source_display(),
            }
        )
    return "training_completions", data


@hooks.register("networks_subject_access")
def reminders_for_subject_access(contact):
    rows = RefresherReminder.objects.filter(contact=contact).order_by("created_at", "pk")
    return "training_refresher_reminders", [
        {
            "level": r.level,
            "completed_on": r.completed_on.isoformat(),
            "expires_on": r.expires_on.isoformat(),
            "days_before": r.threshold_days,
            "sent_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


@hooks.register("networks_subject_access")
def due_lists_for_subject_access(contact):
    lists = (
        DueList.objects.filter(completions__in=completions_of(contact))
        .select_related("organisation")
        .distinct()
        .order_by("month", "pk")
    )
    return "training_lists_naming_you", [
        {
            "organisation": d.organisation.name,
            "month": d.month.isoformat(),
            "sent_to": "the organisation's Prevent leads",
            "sent_at": d.created_at.isoformat(),
        }
        for d in lists
    ]


@hooks.register("networks_erase_contact")
def erase_completions(contact, email):
    rows = completions_of(contact, email)
    ids = list(rows.values_list("pk", flat=True))
    RefresherReminder.objects.filter(Q(contact=contact) | Q(completion_id__in=ids)).delete()
    # A list to Prevent leads was written with the person's name in it: its stored copy goes.
    named = DueList.objects.filter(completions__in=ids).values("send_id")
    Send.objects.filter(pk__in=named).update(html="", text="")
    DueList.completions.through.objects.filter(completion_id__in=ids).delete()
    Completion.objects.filter(pk__in=ids).update(
        contact=None,
        person_name="",
        email="",
        booking=None,
        person_key=Concat(Value("r:erased-"), Cast("pk", CharField())),
        erased_at=timezone.now(),
    )


@hooks.register("networks_subject_access")
def certificates_for_subject_access(contact):
    rows = Certificate.objects.filter(
        completion__in=completions_of(contact).values("pk")
    ).select_related("completion")
    return "training_certificates", [
        {
            "code": format_code(c.code),
            "level": c.completion.level,
            "completed_on": c.completion.completed_on.isoformat(),
            "issued_at": c.issued_at.isoformat(),
            "email": c.get_email_display(),
            "emailed_at": c.emailed_at.isoformat() if c.emailed_at else None,
        }
        for c in rows.order_by("issued_at", "pk")
    ]


@hooks.register("networks_subject_access")
def follow_ups_for_subject_access(contact):
    rows = FollowUp.objects.filter(contact=contact).select_related("session")
    return "training_follow_ups", [
        {
            "session": f.session.title if f.session_id else None,
            "sent_at": f.sent_at.isoformat(),
            "answered_at": f.answered_at.isoformat() if f.answered_at else None,
            "used_it": f.get_used_it_display() or None,
            "more_confident": f.get_more_confident_display() or None,
            "sought_advice": f.get_sought_advice_display() or None,
        }
        for f in rows.order_by("sent_at", "pk")
    ]


@hooks.register("networks_erase_contact")
def erase_follow_ups(contact, email):
    FollowUp.objects.filter(contact=contact).update(contact=None, delivery=None)


@hooks.register("networks_contact_sections")
def training_on_the_contact_page(contact, request):
    """The contact's training on their page in the directory: each completion with its expiry
    and whether it is in date, their current level, and the refresher reminders sent."""
    held = training_of(contact)
    return render_to_string(
        "learning/_contact_training.html",
        {
            "held": held,
            "current": current_level(held),
            "reminders": RefresherReminder.objects.filter(contact=contact).select_related("send"),
        },
        request=request,
    )
