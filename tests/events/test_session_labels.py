"""The answer form's session labels say where this person stands, not only how full it is."""

import pytest

from events.actions import accept_invitation
from events.links import make_rsvp_token
from tests.support.events import evening, invite, make_event, person

pytestmark = pytest.mark.django_db


def _open_form(client, invitation, name):
    url = f"/rsvp/{make_rsvp_token(invitation)}/"
    client.get(url)
    client.post(url, {"identity": "yes"})
    assert f"Are you {name}?" not in client.get(url).content.decode()
    return client.get(url).content.decode()


def test_the_holder_of_the_last_evening_place_sees_their_own_place_not_full(client):
    event = make_event(evening_capacity=1)
    priya = invite(event, person("Priya", "Lead"))
    accept_invitation(priya, [evening(event).pk])

    html = _open_form(client, priya, "Priya Lead")

    assert "(you have a place)" in html
    assert "full: you would join the waiting list" not in html


def test_someone_else_sees_the_same_session_as_full_and_a_waiting_person_is_told_so(client):
    event = make_event(evening_capacity=1)
    priya = invite(event, person("Priya", "Lead"))
    accept_invitation(priya, [evening(event).pk])
    sam = invite(event, person("Sam", "Lead"))
    kit = invite(event, person("Kit", "Lead"))
    accept_invitation(kit, [evening(event).pk])

    assert "full: you would join the waiting list" in _open_form(client, sam, "Sam Lead")
    client.cookies.clear()
    kit_form = _open_form(client, kit, "Kit Lead")
    assert "(you are on the waiting list)" in kit_form
    assert "full: you would join the waiting list" not in kit_form
