"""Two people take the last place at the same moment, in two real PostgreSQL transactions."""

import threading

import pytest
from django.db import connection, connections

from events.actions import accept_invitation
from events.models import Booking
from tests.support.events import day, invite, make_event, person


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_of_the_last_place_give_exactly_one_confirmed():
    if connection.vendor != "postgresql":
        from tests.support.services import require

        require(False, "the race test needs PostgreSQL (set DATABASE_URL)")
    event = make_event(day_capacity=1)
    session = day(event)
    invitations = [invite(event, person("Ada", "Racer")), invite(event, person("Bo", "Racer"))]
    barrier = threading.Barrier(2)
    errors = []

    def take(invitation):
        try:
            barrier.wait(timeout=10)
            accept_invitation(invitation, [session.pk])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(inv,)) for inv in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    states = sorted(Booking.objects.filter(session=session).values_list("state", flat=True))
    assert states == ["confirmed", "waiting"]
