"""Completions' part in subject access and erasure of a directory contact (networks' hooks).

A completion is found by its contact or, for one imported before the person was in the
directory, by their address. Erasure blanks the person on every such row (contact, name,
address, the booking link) and marks it erased: the row still counts in the anonymous totals
(level, quarter, sector, district, organisation) but no longer in any figure that names a
person (a Prevent lead's level 3, a person's own history).

A completion's certificate goes with it: once the completion is erased its code confirms
nothing on the verify page and its link opens nothing (`learning.certificates.confirm`,
`learning.links`), and a certificate email not yet sent is not sent. Impact follow-ups lose
their person (and the email they came in): the answers stay, anonymous, in the counts.
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail import hooks

from .certificates import format_code
from .models import Certificate, Completion, FollowUp


def completions_of(contact, email=None):
    email = (email or contact.email or "").strip().lower()
    match = Q(contact=contact)
    if email:
        match |= Q(email=email)
    return Completion.objects.filter(match, erased_at__isnull=True)


@hooks.register("networks_subject_access")
def completions_for_subject_access(contact):
    rows = completions_of(contact).select_related("organisation", "district", "session")
    return "training_completions", [
        {
            "level": c.level,
            "completed_on": c.completed_on.isoformat(),
            "course": c.course,
            "session": c.session.title if c.session_id else None,
            "organisation": c.organisation.name if c.organisation_id else c.organisation_name,
            "district": c.district.name if c.district_id else None,
            "how_recorded": c.get_source_display(),
        }
        for c in rows.order_by("completed_on", "pk")
    ]


@hooks.register("networks_erase_contact")
def erase_completions(contact, email):
    completions_of(contact, email).update(
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
