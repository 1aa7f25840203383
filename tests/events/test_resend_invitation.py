"""Sending an event's invitation again to people already sent it: each copy carries the
invitee's own RSVP link, the list is exactly the re-send's deliveries, and re-sends of one
generation, posted at the same moment from two forms (or one form twice), give each person one
copy between them (the content key's unique index and the form's key; PostgreSQL)."""

import re
import uuid

import pytest
from django.core import mail

from events.actions import invite_segments, resend_invitation
from events.links import read_rsvp_token
from events.models import Invitation
from networks.models import District, Segment
from sending.models import Delivery, Send
from tests.support.audience import listed
from tests.support.events import make_event, person

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


@pytest.mark.django_db(transaction=True)
def test_re_sends_posted_at_the_same_moment_give_one_copy_each(settings):
    """Two coordinators' re-sends of generation 1, each with its own form key, and one form
    posted twice, all at once, each on its own PostgreSQL connection: every invitee has one
    re-sent copy, and the repeated form one Send."""
    import threading

    from django.db import connections

    from tests.support.services import postgres_in_use, require

    require(postgres_in_use(), "the unique index decides only on PostgreSQL")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the batches stay queued; we count rows
    event = make_event()
    invited(event)
    shared = uuid.uuid4().hex
    keys = [uuid.uuid4().hex, uuid.uuid4().hex, shared, shared]
    barrier, results = threading.Barrier(len(keys)), []

    def resend(key):
        try:
            barrier.wait(timeout=10)
            send, _created = resend_invitation(
                event, emails=None, reason=REASON, generation=1, user=None, idempotency_key=key
            )
            results.append(send.pk)
        except Exception as exc:  # noqa: BLE001 - reported to the assertion below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=resend, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(r, int) for r in results), results
    assert Send.objects.filter(resend_generation=1).count() == 3  # the repeated form: one
    copies = Delivery.objects.filter(send__resend_generation=1)
    assert sorted(copies.values_list("email", flat=True)) == [
        "lena.lead@example.org",
        "omar.lead@example.org",
        "priya.lead@example.org",
    ]
    assert Delivery.objects.filter(send__resend_generation=0).count() == 3
