"""Invitations to segments through the sending engine, and the personal RSVP pages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.signing import dumps
from django.utils import timezone

from events.actions import invite_segments
from events.links import make_rsvp_token, read_rsvp_token
from events.models import Invitation
from networks.models import District, Segment, Suppression
from sending.models import Delivery
from tests.support.events import day, evening, invite, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(db):
    """Two leads subscribed to invitations, one who is not, one suppressed."""
    return {
        "priya": person("Priya", "Lead"),
        "omar": person("Omar", "Lead"),
        "nina": person("Nina", "Lead", topics=("newsletter",)),
        "sam": person("Sam", "Bounced"),
    }


def test_the_coordinator_invites_a_segment_and_each_invitee_gets_a_personal_link(
    event, leads, coordinator, django_capture_on_commit_callbacks
):
    Suppression.objects.create(email=leads["sam"].email, reason="hard_bounce")
    warwick = District.objects.create(name="Warwick")
    for contact in leads.values():
        contact.districts.add(warwick)
    segment = Segment.objects.create(name="Warwick", rules={"districts": [warwick.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        new = invite_segments(event, [segment], user=coordinator)
    invited = sorted(i.contact.first_name for i in new)
    assert invited == ["Omar", "Priya"]  # not Nina (no events topic), not Sam (suppressed)
    deliveries = Delivery.objects.filter(send__kind="invitation")
    assert sorted(d.email for d in deliveries) == [
        "omar.lead@example.org",
        "priya.lead@example.org",
    ]
    assert all(d.state == "sent" for d in deliveries)
    by_address = {m.to[0].rsplit("<", 1)[-1].rstrip(">"): m for m in mail.outbox}
    priya = Invitation.objects.get(contact=leads["priya"])
    message = by_address["priya.lead@example.org"]
    assert message.subject == f"Invitation: {event.title}"
    # Each message carries the link of its own invitation (tokens are timestamped, so compare
    # what they open rather than the text).
    link = re.search(r"/rsvp/([^/\s]+)/", message.body)
    assert "Dear Priya," in message.body and read_rsvp_token(link.group(1)) == priya
    html = message.alternatives[0][0]
    assert "Dear Priya," in html
    html_link = re.search(r'href="[^"]*/rsvp/([^/"]+)/"', html)
    assert read_rsvp_token(html_link.group(1)) == priya
    assert "__EVENTS_RSVP_URL__" not in message.body + html

    # Inviting the segment again sends nothing to those already invited.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_segments(event, [segment]) == []
    assert mail.outbox == []


def _confirm(client, invitation):
    url = f"/rsvp/{make_rsvp_token(invitation)}/"
    response = client.get(url)
    assert "Are you Priya Lead?" in response.content.decode()
    client.post(url, {"identity": "yes"})
    return url


def test_the_link_asks_who_you_are_before_showing_or_changing_anything(client, event):
    invitation = invite(event, person("Priya", "Lead"))
    url = f"/rsvp/{make_rsvp_token(invitation)}/"
    response = client.post(url, {"attending": "yes", "sessions": [day(event).pk]})
    assert "Are you Priya Lead?" in response.content.decode()
    assert invitation.bookings.count() == 0
    forwarded = client.post(url, {"identity": "no"})
    assert "Ask for your own invitation" in forwarded.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "no_answer"


def test_accept_with_a_session_choice_then_change_then_withdraw(
    client, event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Priya", "Lead"))
    url = _confirm(client, invitation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"attending": "yes", "sessions": [str(day(event).pk)], "dietary": "Vegan"}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Thank you, your answer is saved" in page
    assert "Day session: confirmed" in page
    client.post(url, {"attending": "yes", "sessions": [str(evening(event).pk)]})
    assert "Evening session: confirmed" in client.get(url).content.decode()
    client.post(url, {"attending": "no"})
    invitation.refresh_from_db()
    assert invitation.state == "withdrawn"
    assert "You withdrew" in client.get(url).content.decode()


def test_declining_emails_the_confirmation_the_page_promises(
    client, event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Priya", "Lead"))
    url = _confirm(client, invitation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"attending": "no"})

    page = client.get(response["Location"]).content.decode()
    assert "We have emailed you a confirmation." in page
    (delivery,) = Delivery.objects.filter(email="priya.lead@example.org")
    assert delivery.state == Delivery.State.SENT
    (message,) = mail.outbox
    assert message.subject == f"Your answer: {event.title}"
    assert "you are not coming" in message.body
    assert "you are not coming" in message.alternatives[0][0]

    # A second click changes nothing, sends nothing, and the page does not claim it did.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"attending": "no"})
    page = client.get(again["Location"]).content.decode()
    assert "We have emailed you" not in page and "we have not emailed you again" in page
    assert Delivery.objects.filter(email="priya.lead@example.org").count() == 1


def test_saving_the_same_places_again_does_not_claim_an_email(
    client, event, django_capture_on_commit_callbacks
):
    invitation = invite(event, person("Priya", "Lead"))
    url = _confirm(client, invitation)
    answer = {"attending": "yes", "sessions": [str(day(event).pk)]}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, answer)
    assert "We have emailed you a confirmation." in client.get(first["Location"]).content.decode()
    assert Delivery.objects.filter(email="priya.lead@example.org").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {**answer, "dietary": "Vegan"})

    page = client.get(second["Location"]).content.decode()
    assert "Thank you, your answer is saved" in page and "We have emailed you" not in page
    assert Delivery.objects.filter(email="priya.lead@example.org").count() == 1


def test_saying_yes_without_a_session_is_an_error_that_keeps_what_was_typed(client, event):
    invitation = invite(event, person("Priya", "Lead"))
    url = _confirm(client, invitation)
    response = client.post(url, {"attending": "yes", "access_needs": "Hearing loop"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_sessions_0"' in page
    assert 'value="Hearing loop"' in page
    assert invitation.bookings.count() == 0


def test_after_the_deadline_acceptance_is_refused_politely_but_declining_works(client):
    event = make_event(deadline=timezone.now() - timedelta(hours=1))
    invitation = invite(event, person("Priya", "Lead"))
    url = _confirm(client, invitation)
    page = client.get(url).content.decode()
    assert "The deadline for answers" in page and "Send my answer" not in page
    response = client.post(url, {"attending": "yes", "sessions": [str(day(event).pk)]})
    assert response.status_code == 409
    assert "We could not change your answer" in response.content.decode()
    client.post(url, {"attending": "no"})
    invitation.refresh_from_db()
    assert invitation.state == "declined"


def test_a_tampered_link_reveals_nothing(client, event):
    invitation = invite(event, person("Priya", "Lead"))
    token = make_rsvp_token(invitation)
    response = client.get(f"/rsvp/{token[:-3]}abc/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "This link does not work" in page and "Priya" not in page
    forged = dumps({"i": invitation.pk, "e": event.pk, "n": "guess"}, salt="events.rsvp")
    assert client.get(f"/rsvp/{forged}/").status_code == 404
    other_salt = dumps({"i": invitation.pk, "e": event.pk, "n": invitation.nonce}, salt="x")
    assert client.get(f"/rsvp/{other_salt}/").status_code == 404


def test_an_rsvp_link_sent_before_links_moved_to_core_still_opens_the_invitation(client, event):
    invitation = invite(event, person("Priya", "Lead"))
    old = dumps({"i": invitation.pk, "e": event.pk, "n": invitation.nonce}, salt="events.rsvp")
    assert read_rsvp_token(old) == invitation
    assert client.get(f"/rsvp/{old}/").status_code == 200


def test_a_link_expires_when_the_event_ends(client):
    event = make_event()
    invitation = invite(event, person("Priya", "Lead"))
    event.end_at = timezone.now() - timedelta(minutes=1)
    event.save()
    response = client.get(f"/rsvp/{make_rsvp_token(invitation)}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "Priya" not in response.content.decode()


def test_a_deleted_events_links_say_the_event_no_longer_exists(client, event):
    invitation = invite(event, person("Priya", "Lead"))
    token = make_rsvp_token(invitation)
    event.delete()
    response = client.get(f"/rsvp/{token}/")
    assert response.status_code == 410
    assert "This event no longer exists" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_invite_each_person_once_and_so_do_re_sends(settings):
    """Two coordinators' confirms (or a double click) at once, each on its own connection on
    PostgreSQL: one Send, one invitation and one Delivery per person, and no error. Then four
    re-sends of generation 1 at once — two coordinators' forms with their own keys, and one form
    posted twice: every invitee has one re-sent copy (the re-send's content key and its unique
    index), and the repeated form one Send (its key). One transactional test for both: each
    costs a flush of the database."""
    import threading
    import uuid

    from django.db import connections

    from events.actions import resend_invitation
    from sending.models import Send
    from tests.support.services import postgres_in_use, require

    require(postgres_in_use(), "row locks need DATABASE_URL pointing at PostgreSQL")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the batches stay queued; we count rows
    event = make_event()
    warwick = District.objects.create(name="Warwick")
    for first in ("Priya", "Omar", "Lena"):
        person(first, "Lead").districts.add(warwick)
    segment = Segment.objects.create(name="Warwick", rules={"districts": [warwick.pk]})

    def at_once(work, arguments):
        barrier, results = threading.Barrier(len(arguments)), []

        def run(argument):
            try:
                barrier.wait(timeout=10)
                results.append(work(argument))
            except Exception as exc:  # noqa: BLE001 - reported to the assertions below
                results.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    invited = at_once(lambda _: len(invite_segments(event, [segment])), [1, 2])

    assert sorted(invited, key=str) == [0, 3]
    assert Invitation.objects.filter(event=event).count() == 3
    assert Send.objects.filter(kind="invitation").count() == 1
    assert Delivery.objects.filter(send__kind="invitation").count() == 3

    shared = uuid.uuid4().hex
    resent = at_once(
        lambda key: (
            resend_invitation(
                event,
                emails=None,
                reason="Venue changed",
                generation=1,
                user=None,
                idempotency_key=key,
            )[0].pk
        ),
        [uuid.uuid4().hex, uuid.uuid4().hex, shared, shared],
    )

    assert all(isinstance(r, int) for r in resent), resent
    assert Send.objects.filter(resend_generation=1).count() == 3  # the repeated form: one
    copies = Delivery.objects.filter(send__resend_generation=1)
    assert sorted(copies.values_list("email", flat=True)) == [
        "lena.lead@example.org",
        "omar.lead@example.org",
        "priya.lead@example.org",
    ]
