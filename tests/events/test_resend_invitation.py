"""Sending an event's invitation again to people already sent it: each copy carries the
invitee's own RSVP link, the list is exactly the re-send's deliveries; only who may run events
may do it. (Re-sends posted at the same moment, on PostgreSQL: tests/events/test_invitations.py,
with the invitations' own race, so the two share one flush of the database.)"""

import re

import pytest
from django.core import mail

from events.actions import invite_segments
from events.links import read_rsvp_token
from events.models import Invitation
from networks.models import District, Segment
from sending.models import Send
from tests.support.audience import listed
from tests.support.events import person

REASON = "The venue changed: County Hall, not the Corn Exchange."


def url(event):
    return f"/admin/events/{event.pk}/invite/again/"


def invited(event, names=("Priya", "Omar", "Lena")):
    """`names` invited to `event` through the engine (one invitation send)."""
    warwick = District.objects.get_or_create(name="Warwick")[0]
    for first in names:
        person(first, "Lead").districts.add(warwick)
    segment = Segment.objects.create(name="Warwick", rules={"districts": [warwick.pk]})
    invite_segments(event, [segment])


@pytest.mark.django_db
def test_the_invitation_goes_again_with_each_invitees_own_link(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited(event)
    mail.outbox.clear()
    client.force_login(coordinator)

    check = client.post(url(event), {"who": "all", "reason": REASON, "generation": "1"})
    html = check.content.decode()
    people = listed(html)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url(event), {**dict(check.context["carried"]), "confirm": "1"})

    resend = Send.objects.get(resend_generation=1, kind="invitation")
    assert done.url == f"/admin/newsletters/sends/{resend.pk}/"
    assert sorted(resend.deliveries.values_list("email", flat=True)) == sorted(people)
    assert len(people) == 3 and len(mail.outbox) == 3
    priya = Invitation.objects.get(contact__first_name="Priya")
    message = next(m for m in mail.outbox if "priya" in m.to[0])
    link = re.search(r"/rsvp/([^/\s]+)/", message.body).group(1)
    assert read_rsvp_token(link) == priya
    assert Invitation.objects.count() == 3  # nobody invited twice: the same invitations


@pytest.mark.django_db
def test_only_who_may_run_events_may_send_an_invitation_again(client, outsider, event):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)

    answers = [
        client.get(url(event)),
        client.post(url(event), {"who": "all", "reason": REASON, "generation": "1"}),
    ]

    assert {a.status_code for a in answers} <= {302, 404}
    assert not Send.objects.exists()
