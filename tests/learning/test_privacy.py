"""A person can see and have erased their own completions; completions are never public."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from core.periods import Year
from events.actions import check_in_booking
from learning.models import Completion, Expectation
from learning.report import Period, takeup_report
from tests.support.learning import (
    booked,
    completion,
    district,
    events_index,
    hub_home,
    organisation,
    person,
    role,
    training_session,
)

pytestmark = pytest.mark.django_db
FY2026 = Period.of_year(Year(2026))


@pytest.fixture
def lena():
    rugby = district("Rugby")
    council = organisation("Rugby Borough Council", districts=[rugby], is_specified_authority=True)
    lead = role("prevent-lead")
    contact = person("Lena", "Lead", organisation=council, districts=[rugby], roles=[lead])
    completion(3, dt.date(2026, 5, 10), contact=contact, organisation=council, district=rugby)
    # Imported by address before she was in the directory.
    completion(1, dt.date(2026, 4, 20), email="lena.lead@example.org", organisation=council)
    line = Expectation.objects.create(
        level=3, audience="Prevent leads", specified_authorities_only=True
    )
    line.roles.set([lead])
    return contact


def _subject_access(client, contact):
    response = client.get(reverse("networks_admin:subject_access", args=[contact.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_subject_access_includes_every_completion_of_the_person(lena, coordinator, client):
    client.force_login(coordinator)

    data = _subject_access(client, lena)

    rows = data["training_completions"]
    assert [(r["level"], r["completed_on"]) for r in rows] == [(1, "2026-04-20"), (3, "2026-05-10")]
    assert rows[1]["organisation"] == "Rugby Borough Council"


def test_erasure_removes_the_person_from_every_figure_that_names_them(lena, coordinator, client):
    before = takeup_report(FY2026)
    assert before.authorities[0].lead_holds_level_3
    client.force_login(coordinator)

    client.post(reverse("networks_admin:erase", args=[lena.pk]))

    for row in Completion.objects.all():
        assert row.contact is None and row.person_name == "" and row.email == ""
        assert row.erased_at is not None
    after = takeup_report(FY2026)
    authority = after.authorities[0]
    assert not authority.has_lead and not authority.lead_holds_level_3
    assert _subject_access(client, lena)["training_completions"] == []
    gap = after.gaps[0]
    assert gap.people_without == 0  # an erased person is not "a lead without level 3" either
    # The anonymous counts keep the completions: the partnership's figures do not move.
    assert after.by_level == before.by_level


def test_an_erased_persons_later_check_in_starts_afresh(lena, coordinator, client):
    events_index(parent=hub_home())
    wrap = training_session(level=2, days_ahead=0)  # check-in is open on the day
    booking = booked(wrap, lena)
    check_in_booking(booking)
    client.force_login(coordinator)

    client.post(reverse("networks_admin:erase", args=[lena.pk]))

    assert not Completion.objects.filter(booking__isnull=False).exists()
    assert Completion.objects.filter(erased_at__isnull=True).count() == 0


def test_no_public_page_shows_who_completed_a_session(lena, client):
    events_index(parent=hub_home())
    wrap = training_session(title="WRAP, Rugby", level=2, days_ahead=0)
    check_in_booking(booked(wrap, lena))
    assert Completion.objects.filter(session=wrap).exists()

    body = client.get(wrap.url).content.decode()

    assert "WRAP, Rugby" in body
    assert "Lena" not in body and "lena.lead@example.org" not in body


def test_an_erased_completion_cannot_keep_its_contact(lena):
    """The reports ask "does this contact hold a level" without asking whether the row was
    erased: the database guarantees an erased row names nobody."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    row = completion(1, dt.date(2026, 5, 1), contact=lena)
    row.erased_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
