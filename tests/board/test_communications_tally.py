"""The communications figures read each send's delivery counts from the tally the sending engine
keeps for a finished send (sending.engine.tally): the same figures, under every rule, as
counting the deliveries."""

import pytest

from board.periods import Period
from board.sections import communications
from core.disclosure import Rule
from sending.engine.tally import keep_tally
from sending.models import Delivery, SendTally
from tests.support.board import london, make_deliveries, make_send

pytestmark = pytest.mark.django_db


def test_the_figures_from_the_tallies_are_the_figures_from_the_deliveries():
    sends = [
        make_send("Spring update", at=london(2025, 5, 2, 10), kind="update"),
        make_send("Summer newsletter", at=london(2025, 6, 2, 10)),
        make_send("Winter newsletter", at=london(2026, 1, 12, 10)),
    ]
    for i, send in enumerate(sends):
        make_deliveries(send, 9 + 4 * i, opened=i % 2 == 0)
        make_deliveries(send, 2 + i, state=Delivery.State.BOUNCED, delivered=False, prefix="b")
        make_deliveries(send, i, state=Delivery.State.COMPLAINED, prefix="c")
    still_sending = make_send("Autumn update", at=london(2025, 10, 1, 9), kind="update")
    make_deliveries(still_sending, 12)
    periods = [Period.parse(key) for key in ("2025", "2025-Q1", "2025-Q3", "2025-Q4")]
    rules = [Rule.exact_figures(), Rule.for_partnership()]

    def shown():
        return [communications.figures(p, r).to_dict() for p in periods for r in rules]

    counted = shown()
    for send in sends:
        keep_tally(send.pk)
    assert SendTally.objects.count() == 3

    assert shown() == counted
