"""The learning return asks every authority how many of its staff need each level: the lead's
form comes filled in with the organisation's last answer (the last period's return, or what the
coordinator entered), a submitted answer becomes its headcount in learning, and a contradictory
one is refused with a message that names both numbers, losing nothing typed."""

from datetime import date, timedelta

import pytest

from core.idempotency import new_key
from learning.models import Completion, Headcount
from returns.actions import create_return_from_template
from returns.models import Response
from tests.support.returns import lead, organisation, path_for, send

pytestmark = pytest.mark.django_db

Q1_DAY, Q2_DAY = date(2026, 5, 15), date(2026, 8, 15)


def ld_return(day, django_capture_on_commit_callbacks):
    ret = create_return_from_template("ld_quarterly", day, date.today() + timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        return send(ret, key=new_key())


def fields(ret):
    """{("need" | "trained", level): field name}."""
    found = {}
    for q in ret.questions.all():
        kind, level = ("need", q.headcount_level) if q.headcount_level else ("trained", q.level)
        found[(kind, level)] = f"q{q.pk}"
    return found


def link(ret, contact):
    return path_for(Response.objects.get(ret=ret).respondents.get(contact=contact))


@pytest.fixture
def college():
    college = organisation("Northvale College")
    return college, lead(college, "Priya", "Lead")


def answers(ret, need, trained=(0, 0, 0)):
    names = fields(ret)
    data = {"step": "submit"}
    for level, n in zip((1, 2, 3), need, strict=True):
        data[names[("need", level)]] = str(n)
    for level, n in zip((1, 2, 3), trained, strict=True):
        data[names[("trained", level)]] = str(n)
    return data


def latest(org):
    return {
        level: Headcount.objects.filter(organisation=org, level=level).latest("as_of", "pk")
        for level in (1, 2, 3)
    }


def test_the_next_return_is_filled_in_with_the_last_periods_answer(
    college, client, django_capture_on_commit_callbacks
):
    org, priya = college
    q1 = ld_return(Q1_DAY, django_capture_on_commit_callbacks)
    first = client.get(link(q1, priya)).content.decode()
    assert "Staff or volunteers who need Level 1 (Prevent e-learning)" in first
    assert "Last stated" not in first  # nothing stated yet: nothing filled in

    client.post(link(q1, priya), answers(q1, (120, 30, 5)))

    assert {level: h.staff_needing for level, h in latest(org).items()} == {1: 120, 2: 30, 3: 5}
    recorded = latest(org)[1]
    assert (recorded.source, recorded.source_detail) == ("return", q1.title)
    assert recorded.as_of == date.today()

    q2 = ld_return(Q2_DAY, django_capture_on_commit_callbacks)
    page = client.get(link(q2, priya)).content.decode()
    names = fields(q2)
    for level, n in ((1, 120), (2, 30), (3, 5)):
        assert f'name="{names[("need", level)]}" value="{n}"' in page
    assert f"Last stated: 120 on {date.today():%-d %B %Y}" in page

    client.post(link(q2, priya), answers(q2, (120, 40, 5)))

    assert latest(org)[2].staff_needing == 40  # the latest answer counts
    assert Headcount.objects.filter(organisation=org, level=2).count() == 2  # history kept


def test_a_coordinators_entry_is_what_the_return_fills_in(
    college, client, coordinator, django_capture_on_commit_callbacks
):
    org, priya = college
    Headcount.objects.create(
        organisation=org, level=1, staff_needing=75, as_of=date(2026, 4, 2), source="coordinator"
    )
    q1 = ld_return(Q1_DAY, django_capture_on_commit_callbacks)

    page = client.get(link(q1, priya)).content.decode()

    assert f'name="{fields(q1)[("need", 1)]}" value="75"' in page
    assert "Last stated: 75 on 2 April 2026" in page


def test_a_contradictory_headcount_is_refused_with_both_numbers_and_nothing_typed_is_lost(
    college, client, django_capture_on_commit_callbacks
):
    org, priya = college
    q1 = ld_return(Q1_DAY, django_capture_on_commit_callbacks)
    names = fields(q1)

    refused = client.post(link(q1, priya), answers(q1, (120, 200, 5)))

    body = refused.content.decode()
    assert refused.status_code == 200
    assert "200 staff need level 2 but 120 need level 1" in body
    assert "everyone who needs level 2 needs level 1 too" in body
    assert f'name="{names[("need", 2)]}" value="200"' in body  # what was typed is still there
    assert f'name="{names[("need", 1)]}" value="120"' in body
    assert Response.objects.get().state != "submitted"
    assert not Headcount.objects.exists()

    words = client.post(link(q1, priya), {**answers(q1, (120, 20, 5)), names[("need", 1)]: "lots"})
    assert (
        "Enter a whole number for “Staff or volunteers who need Level 1" in words.content.decode()
    )
    assert not Headcount.objects.exists()


def test_an_authority_whose_training_is_recorded_is_asked_only_its_headcount(
    college, client, django_capture_on_commit_callbacks
):
    org, priya = college
    Completion.objects.create(organisation=org, level=1, completed_on=Q1_DAY, source="import")
    q1 = ld_return(Q1_DAY, django_capture_on_commit_callbacks)
    names = fields(q1)

    page = client.get(link(q1, priya)).content.decode()
    assert names[("need", 1)] in page and names[("trained", 1)] not in page

    data = {"step": "submit", **{names[("need", n)]: str(x) for n, x in ((1, 9), (2, 3), (3, 1))}}
    client.post(link(q1, priya), data)

    assert Response.objects.get().state == "submitted"
    assert latest(org)[1].staff_needing == 9
