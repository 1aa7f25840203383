"""Small builders for returns tests: organisations with their Prevent leads, a return sent to
them, and the personal link of a respondent. Only the rows each test needs (no demo site)."""

import re
from datetime import date, timedelta

from networks.models import Contact, District, Organisation, Role
from networks.reference_data import PREVENT_LEAD, ensure_roles


def district(name: str, order: int = 0) -> District:
    return District.objects.get_or_create(name=name, defaults={"sort_order": order})[0]


def organisation(
    name, sector="education", districts=(), specified=True, partner=False
) -> Organisation:
    org = Organisation.objects.create(
        name=name, sector=sector, is_specified_authority=specified, is_partner=partner
    )
    org.districts.set(districts)
    return org


def lead(org, first="Priya", last="Lead", email=None) -> Contact:
    ensure_roles()
    contact = Contact.objects.create(
        first_name=first,
        last_name=last,
        email=email or f"{first}.{last}.{org.pk}@example.org".lower(),
        organisation=org,
    )
    contact.roles.add(Role.objects.get(slug=PREVENT_LEAD))
    return contact


def custom_return(*, template="custom", questions=(), organisations=(), due_on=None, **fields):
    """A draft return with `questions` [(kind, text, extra fields)…]."""
    from returns.models import Question, Return

    ret = Return.objects.create(
        title=fields.pop("title", "Test return"),
        template=template,
        period_start=fields.pop("period_start", date(2026, 7, 1)),
        due_on=due_on or date.today() + timedelta(days=14),
        **fields,
    )
    for i, (kind, text, extra) in enumerate(questions):
        Question.objects.create(ret=ret, sort_order=i, kind=kind, text=text, **extra)
    ret.organisations.set(organisations)
    return ret


def send(ret, user=None, key=None):
    from returns.actions import send_return

    return send_return(ret, user=user, idempotency_key=key)[0]


def link_in(message) -> str:
    """The path of the personal return link in an email's text part."""
    return re.search(r"https?://[^/\s]+(/returns/r/[^/\s]+/)", message.body).group(1)


def path_for(respondent) -> str:
    from django.urls import reverse

    from returns.links import make_token

    return reverse("returns:form", args=[make_token(respondent)])


CHASED_DUE = date(2026, 10, 14)


def two_leads_return(capture, settings):
    """A return due CHASED_DUE, sent to Northvale College (Priya Lead) and Southvale School (Sam
    School), chased 7 and 1 days before and 3 days after; the outbox emptied of its requests."""
    from django.core import mail

    from core.idempotency import new_key
    from returns.models import Question

    settings.RETURNS_CHASE_DAYS = [-7, -1, 3]
    college, school = organisation("Northvale College"), organisation("Southvale School")
    lead(college, "Priya", "Lead")
    lead(school, "Sam", "School")
    ret = custom_return(
        questions=[(Question.Kind.WHOLE_NUMBER, "Staff trained", {"help_text": "0 if none"})],
        organisations=[college, school],
        due_on=CHASED_DUE,
    )
    with capture(execute=True):
        send(ret, key=new_key())
    mail.outbox.clear()
    return ret
