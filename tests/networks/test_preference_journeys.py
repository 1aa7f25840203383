"""The preference centre and asking again with an address already on the list: nothing is lost
by accident, and someone already subscribed is shown, and emailed, what will change."""

import pytest
from django.core import mail

from networks.models import Contact, District, Subscription
from networks.tokens import preference_centre_url
from tests.networks.factories import ContactFactory

from .test_subscribe import confirmation_link, path_of, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(db):
    return [District.objects.create(name="Rugby"), District.objects.create(name="Warwick")]


def test_unticking_every_district_is_refused_and_nothing_is_lost(client, districts):
    contact = ContactFactory(districts=[districts[0]], topics=["newsletter", "updates"])
    path = path_of(preference_centre_url(contact))

    response = client.post(path, {"topics": ["newsletter"], "districts": []})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Keep at least one district ticked" in html
    assert "Unsubscribe from everything" in html
    assert list(contact.districts.all()) == [districts[0]]
    assert set(
        contact.subscriptions.filter(status="subscribed").values_list("topic", flat=True)
    ) == {"newsletter", "updates"}
    # What they ticked is still ticked on the page they are sent back to.
    assert 'value="newsletter" id="id_topics_' in html and "checked" in html


def test_asking_again_shows_an_existing_subscriber_what_will_change(client, districts):
    known = ContactFactory(
        email="dev.desai@example.org",
        first_name="Dev",
        districts=[districts[1]],
        topics=["events", "newsletter"],
    )

    subscribe(
        client,
        districts,
        email="dev.desai@example.org",
        first_name="Devika",
        topics=["newsletter", "updates"],
    )

    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Hello Devika" in part and "Hello Dev," not in part
        assert "you will not hear from us again" not in part
        assert "nothing changes and you keep receiving what you receive now" in part
        assert "Ad-hoc updates and alerts" in part  # added
        assert "Rugby" in part  # the district added
    assert message.subject.startswith("Confirm the changes to your emails")

    page = client.get(path_of(confirmation_link(message))).content.decode()
    assert "dev.desai@example.org" in page
    adds = page.split("Confirming adds")[1].split("You will then receive")[0]
    assert "Ad-hoc updates and alerts" in adds and "Rugby" in adds
    assert "Quarterly newsletter" not in adds  # they already had it
    receive = page.split("You will then receive")[1]
    for label in ("Event invitations", "Quarterly newsletter", "Ad-hoc updates and alerts"):
        assert label in receive
    assert "Rugby, Warwick" in receive

    done = client.post(path_of(confirmation_link(message))).content.decode()
    for label in ("Event invitations", "Quarterly newsletter", "Ad-hoc updates and alerts"):
        assert label in done
    assert "Rugby, Warwick" in done and "dev.desai@example.org" in done
    known.refresh_from_db()
    assert known.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).count() == 3


def test_a_new_subscriber_is_shown_their_address_and_districts_on_the_confirm_page(
    client, districts
):
    subscribe(client, districts)

    message = mail.outbox[-1]
    assert "you will not hear from us again" in message.body
    page = client.get(path_of(confirmation_link(message))).content.decode()
    assert "priya.patel@example.org" in page
    assert "About: Rugby." in page
    assert Contact.objects.get().first_name == "Priya"
