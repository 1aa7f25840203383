"""The coordinator's screen for staff needing training (Learning and development → Staff needing
training): all three levels entered at once, history kept and the latest counting, every bad
input refused with a message that says what to type and the typed values kept; nobody else
reaches it, and nobody edits or deletes a statement."""

from datetime import date, timedelta

import pytest
from wagtail.models import ModelLogEntry

from learning.headcounts import stated, stated_for
from learning.models import Headcount
from tests.support.learning import organisation

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/learning/headcount/"
ADD = LIST + "add/"


@pytest.fixture
def council():
    return organisation("Rugby Borough Council", is_specified_authority=True)


def entry(org, **fields):
    data = {"organisation": str(org.pk), "as_of": "2026-06-30", "source_detail": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def test_the_coordinator_enters_all_three_levels_at_once(council, client, coordinator):
    client.force_login(coordinator)
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, entry(council, level_1=1200, level_2=300, level_3=20))

    assert response.status_code == 302
    rows = Headcount.objects.filter(organisation=council).order_by("level")
    assert [(h.level, h.staff_needing, h.source, h.recorded_by) for h in rows] == [
        (1, 1200, "coordinator", coordinator),
        (2, 300, "coordinator", coordinator),
        (3, 20, "coordinator", coordinator),
    ]
    assert {h.as_of for h in rows} == {date(2026, 6, 30)}
    logged = ModelLogEntry.objects.get(action="learning.headcount.recorded")
    assert logged.object_id == str(council.pk) and logged.data["levels"] == {
        "1": 1200,
        "2": 300,
        "3": 20,
    }


def test_a_new_statement_replaces_the_last_and_a_level_left_empty_keeps_its_own(
    council, client, coordinator
):
    client.force_login(coordinator)
    client.post(ADD, entry(council, as_of="2026-04-01", level_1=100, level_2=40))
    client.post(ADD, entry(council, as_of="2026-06-30", level_1=120))

    now = stated_for(council.pk)
    assert (now[1].staff_needing, now[2].staff_needing, 3 in now) == (120, 40, False)
    assert stated(date(2026, 5, 1))[council.pk][1].staff_needing == 100  # as it was then
    assert client.get(LIST).status_code == 200
    current = client.get(LIST, {"counts_now": "true"}).context["object_list"]
    assert sorted((h.level, h.staff_needing) for h in current) == [(1, 120), (2, 40)]
    history = client.get(LIST).context["object_list"]
    assert len(history) == 3  # the April level 1 statement is kept


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"level_1": "lots"}, "level_1", "Enter a whole number of staff for level 1, like 120."),
        ({"level_2": "-4"}, "level_2", "Enter 0 or more staff for level 2."),
        ({"level_3": "2000000"}, "level_3", "Enter 1,000,000 or fewer staff for level 3."),
        ({}, None, "Enter the number of staff for at least one level."),
        (
            {"level_1": "5", "as_of": (date.today() + timedelta(days=1)).isoformat()},
            "as_of",
            "The day it was stated cannot be in the future.",
        ),
        ({"level_1": "10", "as_of": "30 June"}, "as_of", "Enter a date, like 30/06/2026."),
        (
            {"level_1": "10", "level_2": "25"},
            "level_2",
            "25 staff need level 2 but 10 need level 1: everyone who needs level 2 needs "
            "level 1 too",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    fields, field, message, council, client, coordinator
):
    client.force_login(coordinator)

    response = client.post(ADD, entry(council, **fields))

    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in body
    for name, value in fields.items():
        assert f'value="{value}"' in body, f"{name} was lost"
    assert not Headcount.objects.exists()


def test_a_level_above_the_one_below_it_as_stated_before_is_refused(council, client, coordinator):
    Headcount.objects.create(
        organisation=council, level=1, staff_needing=100, as_of=date(2026, 4, 1), source="return"
    )
    client.force_login(coordinator)

    response = client.post(ADD, entry(council, level_2=150))

    assert "150 staff need level 2 but 100 need level 1 (stated on 1 April 2026)" in (
        response.content.decode()
    )
    assert Headcount.objects.count() == 1


def test_nobody_edits_or_deletes_a_statement_and_nobody_else_reaches_the_screen(
    council, client, coordinator, outsider, board_member
):
    row = Headcount.objects.create(
        organisation=council, level=1, staff_needing=100, as_of=date(2026, 4, 1), source="return"
    )
    client.force_login(coordinator)
    assert client.get(f"{LIST}edit/{row.pk}/").status_code in (302, 403, 404)
    assert client.post(f"{LIST}delete/{row.pk}/").status_code in (302, 403, 404)
    assert Headcount.objects.filter(pk=row.pk, staff_needing=100).exists()
    for user in (outsider, board_member):
        client.force_login(user)
        for url in (LIST, ADD, f"{LIST}inspect/{row.pk}/"):
            assert client.get(url).status_code in (302, 403, 404), url
        client.post(ADD, entry(council, level_1=5))
    assert Headcount.objects.count() == 1
