"""Open events: anyone may register from the event page, gets a personal link by email and
chooses sessions there. Invitation-only and closed events refuse clearly; the page after sending
reads the same whoever the address belongs to."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from events.actions import RsvpRefused, register_for_event
from events.models import Invitation
from networks.actions import suppress_address
from networks.models import Contact, Suppression
from tests.support.events import day, invite, make_event, person

pytestmark = pytest.mark.django_db


def served(event):
    """Make the event reachable at its URL in the test client (a site over its tree)."""
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver",
        port=80,
        root_page=event.get_parent().get_parent(),
        is_default_site=True,
    )
    return event


@pytest.fixture
def open_event(db, django_capture_on_commit_callbacks):
    return served(make_event(invited_only=False, title="Prevent learning day"))


def register(client, event, capture, **data):
    fields = {"first_name": "Rita", "last_name": "Volunteer", "email": "rita@example.org"}
    fields.update(data)
    with capture(execute=True):
        return client.post(event.url + "register/", fields)


def link_in(message) -> str:
    return re.search(r"http://\S+/rsvp/[^/\s]+/", message.body).group(0)


def test_an_open_event_invites_people_to_register_and_an_invited_only_one_does_not(
    client, open_event
):
    page = client.get(open_event.url).content.decode()
    assert "Register for this event" in page and open_event.url + "register/" in page
    closed = served(make_event(title="Board briefing"))
    page = client.get(closed.url).content.decode()
    assert "Register for this event" not in page and "by invitation" in page
    response = client.get(closed.url + "register/")
    assert response.status_code == 403
    assert "This event is by invitation" in response.content.decode()
    assert "Send me my link" not in response.content.decode()


def test_a_volunteer_registers_gets_a_personal_link_and_books_through_it(
    client, open_event, django_capture_on_commit_callbacks
):
    form = client.get(open_event.url + "register/").content.decode()
    assert "Day session" in form and "30 places left" in form

    response = register(client, open_event, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"].endswith("register/?sent=1")
    assert "Check your email" in client.get(response["Location"]).content.decode()
    contact = Contact.objects.get(email="rita@example.org")
    assert (contact.first_name, contact.last_name) == ("Rita", "Volunteer")
    assert contact.subscriptions.count() == 0  # registering is not subscribing
    invitation = Invitation.objects.get(contact=contact, event=open_event)
    assert invitation.self_registered and invitation.state == "no_answer"
    assert invitation.bookings.count() == 0  # nothing booked until the link is followed
    (message,) = mail.outbox
    assert message.subject == "Your registration: Prevent learning day"
    assert "Dear Rita," in message.body and "nothing is booked unless" in message.body

    url = link_in(message).replace("http://localhost:8000", "")
    client.post(url, {"identity": "yes"})
    page = client.get(url).content.decode()
    assert "Registration for Rita Volunteer" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"attending": "yes", "sessions": [str(day(open_event).pk)]})
    assert invitation.bookings.get().state == "confirmed"
    assert mail.outbox[-1].subject == "Your place: Prevent learning day"


def test_a_known_address_is_not_changed_and_the_page_reads_the_same(
    client, open_event, django_capture_on_commit_callbacks
):
    lead = person("Priya", "Lead")
    invited = invite(open_event, lead)
    response = register(
        client,
        open_event,
        django_capture_on_commit_callbacks,
        first_name="Someone",
        last_name="Else",
        email="PRIYA.LEAD@example.org ",
    )
    assert response["Location"].endswith("register/?sent=1")
    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name) == ("Priya", "Lead")
    assert list(Invitation.objects.filter(contact=lead)) == [invited]
    assert not Invitation.objects.get(pk=invited.pk).self_registered
    (message,) = mail.outbox  # the owner of the address gets their own link, nobody else does
    assert message.to == ["Priya Lead <priya.lead@example.org>"] and "Dear Priya," in message.body


def test_a_suppressed_address_gets_no_email_and_the_same_page(
    client, open_event, django_capture_on_commit_callbacks
):
    suppress_address("rita@example.org", Suppression.Reason.COMPLAINT)
    response = register(client, open_event, django_capture_on_commit_callbacks)
    assert response["Location"].endswith("register/?sent=1")
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_bad_input_is_explained_and_what_was_typed_is_kept(client, open_event):
    response = client.post(
        open_event.url + "register/",
        {"first_name": "", "email": "rita-at-example", "organisation_name": "Northvale Mosque"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter your first name." in page
    assert "Enter an email address in the right form" in page
    assert 'value="Northvale Mosque"' in page and 'value="rita-at-example"' in page
    assert not Contact.objects.exists() and mail.outbox == []


def test_after_the_deadline_registration_is_closed_politely(
    client, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(days=3)
    event = served(
        make_event(invited_only=False, start=start, deadline=timezone.now() - timedelta(hours=1))
    )
    assert "Registration for this event has closed" in client.get(event.url).content.decode()
    response = register(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert "Registration has closed" in response.content.decode()
    assert not Contact.objects.exists() and mail.outbox == []
    with pytest.raises(RsvpRefused, match="deadline"):
        register_for_event(event, email="x@example.org", first_name="X")


def test_one_address_gets_at_most_three_links_an_hour_and_one_connection_twenty_posts(
    client, open_event, django_capture_on_commit_callbacks, settings
):
    for _ in range(5):
        register(client, open_event, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    settings.EVENTS_REGISTRATIONS_PER_HOUR = 5
    response = register(
        client, open_event, django_capture_on_commit_callbacks, email="b@example.org"
    )
    assert response.status_code == 429
    assert "Too many registrations" in response.content.decode()
    assert not Contact.objects.filter(email="b@example.org").exists()


def test_a_full_session_is_shown_as_full_and_registrants_join_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    from events.actions import accept_invitation

    event = served(make_event(invited_only=False, day_capacity=1))
    accept_invitation(invite(event, person("Hal")), [day(event).pk])
    page = client.get(event.url + "register/").content.decode()
    assert "Day session, 10:00 to 16:00: Full — join the waiting list" in page
    register(client, event, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(contact__email="rita@example.org")
    assert accept_invitation(invitation, [day(event).pk]) == {day(event).pk: "waiting"}
