"""Completions' part in subject access and erasure of a directory contact (networks' hooks).

A completion is found by its contact or, for one imported before the person was in the
directory, by their address. Erasure blanks the person on every such row (contact, name,
address, the booking link) and marks it erased: the row still counts in the anonymous totals
(level, quarter, sector, district, organisation) but no longer in any figure that names a
person (a Prevent lead's level 3, a person's own history).
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail import hooks

from .models import Completion


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
