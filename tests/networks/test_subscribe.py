import re
import time

import pytest
from django.core import mail
from django.test import TestCase

from networks.consent import consent_wording_version
from networks.models import ConsentEvent, Contact, District, Subscription, Suppression
from networks.tokens import make_contact_token, preference_centre_url, unsubscribe_url
from tests.networks.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(db):
    return [District.objects.create(name="Rugby"), District.objects.create(name="Warwick")]


def subscribe(client, districts, **overrides):
    data = {
        "email": "Priya.Patel@Example.org ",
        "first_name": "Priya",
        "last_name": "Patel",
        "organisation": "Warwick Faiths Forum",
        "districts": [districts[0].pk],
        "topics": ["newsletter", "updates"],
        **overrides,
    }
    # The confirmation goes out through the sending engine once the request's transaction
    # commits; run those on-commit steps as a real commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/subscribe/", data, REMOTE_ADDR="203.0.113.9")


def confirmation_link(message) -> str:
    return re.search(r"http://\S+/subscribe/confirm/[^/\s]+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_subscribe_page_shows_the_form_with_the_consent_wording(client, districts):
    response = client.get("/subscribe/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_email"' in html
    assert "Rugby" in html and "Quarterly newsletter" in html
    assert "only to send you the partnership" in html


def test_a_new_subscriber_gets_one_confirmation_email_and_nothing_is_subscribed_yet(
    client, districts
):
    response = subscribe(client, districts)

    assert response.status_code == 302
    assert response.url == "/subscribe/check-your-email/"
    contact = Contact.objects.get()
    assert contact.email == "priya.patel@example.org"
    assert contact.organisation_name == "Warwick Faiths Forum"
    assert list(contact.districts.all()) == [districts[0]]
    assert set(contact.subscriptions.values_list("topic", "status")) == {
        ("newsletter", "pending"),
        ("updates", "pending"),
    }
    assert not Contact.objects.subscribed_to("newsletter").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Priya Patel <priya.patel@example.org>"]
    assert "Confirm your subscription" in message.subject
    html = message.alternatives[0][0]
    link = confirmation_link(message)
    assert link in html
    assert "Hello Priya" in message.body and "Hello Priya" in html
    # Nothing else the person typed goes into the email.
    assert "Faiths Forum" not in message.body + html
    event = contact.consent_events.filter(topic="newsletter").get()
    assert event.action == "requested"
    assert event.source == ConsentEvent.Source.WEB_FORM
    assert event.wording_version == consent_wording_version()
    assert event.ip_address == "203.0.113.9"


def test_following_the_link_asks_for_a_click_then_subscribes(client, districts):
    subscribe(client, districts)
    path = path_of(confirmation_link(mail.outbox[0]))

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm my subscription" in page.content
    assert not Contact.objects.subscribed_to("newsletter").exists()

    done = client.post(path, REMOTE_ADDR="198.51.100.7")
    assert done.status_code == 200
    assert b"Your subscription is confirmed" in done.content
    contact = Contact.objects.get()
    assert set(contact.subscriptions.values_list("topic", "status")) == {
        ("newsletter", "subscribed"),
        ("updates", "subscribed"),
    }
    assert Contact.objects.mailable().subscribed_to("updates").get() == contact
    confirmed = contact.consent_events.get(topic="updates", action="subscribed")
    assert confirmed.ip_address == "198.51.100.7"
    assert confirmed.wording_version == consent_wording_version()


def test_behind_the_trusted_proxy_consent_records_the_subscribers_address_not_the_proxys(
    client, districts, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    subscribe(client, districts)
    path = path_of(confirmation_link(mail.outbox[0]))

    client.post(path, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    confirmed = Contact.objects.get().consent_events.get(topic="updates", action="subscribed")
    assert confirmed.ip_address == "203.0.113.9"


def test_following_the_link_twice_changes_nothing_the_second_time(client, districts):
    subscribe(client, districts)
    path = path_of(confirmation_link(mail.outbox[0]))
    client.post(path)
    events = ConsentEvent.objects.count()

    again = client.post(path)

    assert again.status_code == 200
    assert ConsentEvent.objects.count() == events


def test_asking_again_resends_the_email_without_a_second_contact(client, districts):
    subscribe(client, districts)
    subscribe(client, districts, email="priya.patel@example.org")

    assert Contact.objects.count() == 1
    assert Subscription.objects.count() == 2
    assert len(mail.outbox) == 2
    assert confirmation_link(mail.outbox[1])


def test_the_page_says_the_same_for_a_known_address_and_changes_nothing_before_confirming(
    client, districts
):
    known = ContactFactory(
        email="dev.desai@example.org", first_name="Dev", districts=[districts[1]], topics=["events"]
    )
    unknown = subscribe(client, districts, email="new.person@example.org")
    response = subscribe(client, districts, email="dev.desai@example.org", first_name="Mallory")

    assert response.status_code == unknown.status_code == 302
    assert response.url == unknown.url
    known.refresh_from_db()
    assert known.first_name == "Dev"
    assert list(known.districts.all()) == [districts[1]]
    assert set(known.subscriptions.values_list("topic", "status")) == {("events", "subscribed")}
    # The owner of the address confirms: the request then applies, adding to what they had.
    client.post(path_of(confirmation_link(mail.outbox[-1])))
    assert set(known.subscriptions.values_list("topic", "status")) == {
        ("events", "subscribed"),
        ("newsletter", "subscribed"),
        ("updates", "subscribed"),
    }
    assert set(known.districts.all()) == set(districts)
    assert known.first_name == "Dev"


def test_a_suppressed_address_gets_the_same_page_and_no_email(client, districts):
    Suppression.objects.create(email="priya.patel@example.org", reason="hard_bounce")

    response = subscribe(client, districts)

    assert response.status_code == 302
    assert response.url == "/subscribe/check-your-email/"
    assert mail.outbox == []


def test_confirmation_emails_to_one_address_are_limited_per_hour(client, districts, settings):
    settings.NETWORKS_CONFIRMATIONS_PER_HOUR = 2
    for _ in range(4):
        assert subscribe(client, districts).status_code == 302

    assert len(mail.outbox) == 2


def test_a_form_with_mistakes_explains_them_and_keeps_what_was_typed(client, districts):
    response = subscribe(client, districts, email="not-an-address", topics=[])

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_email"' in html and 'href="#id_topics_0"' in html
    assert "Enter an email address in the right format" in html
    assert "Choose at least one kind of email" in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'value="not-an-address"' in html
    assert 'value="Warwick Faiths Forum"' in html
    assert Contact.objects.count() == 0
    assert mail.outbox == []


def test_an_expired_confirmation_link_is_refused_with_a_way_forward(client, districts, monkeypatch):
    subscribe(client, districts)
    path = path_of(confirmation_link(mail.outbox[0]))
    later = time.time() + 7 * 24 * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.post(path)

    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert b'href="/subscribe/"' in response.content
    assert not Contact.objects.subscribed_to("newsletter").exists()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "nonsense",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_a_tampered_confirmation_link_is_refused(client, districts, mangle):
    subscribe(client, districts)
    token = confirmation_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    response = client.post(f"/subscribe/confirm/{mangle(token)}/")

    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert not Contact.objects.subscribed_to("newsletter").exists()


def test_a_link_made_for_another_purpose_does_not_confirm(client, districts):
    contact = ContactFactory()
    token = make_contact_token(contact, "unsubscribe", t="")

    response = client.post(f"/subscribe/confirm/{token}/")

    assert response.status_code == 404


def test_the_preference_centre_changes_topics_and_districts(client, districts):
    contact = ContactFactory(districts=[districts[0]], topics=["newsletter", "updates"])
    path = path_of(preference_centre_url(contact))

    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    response = client.post(
        path,
        {"topics": ["newsletter", "events"], "districts": [districts[1].pk]},
        REMOTE_ADDR="192.0.2.1",
    )

    assert response.status_code == 302
    assert dict(contact.subscriptions.values_list("topic", "status")) == {
        "newsletter": "subscribed",
        "updates": "unsubscribed",
        "events": "subscribed",
    }
    assert list(contact.districts.all()) == [districts[1]]
    change = contact.consent_events.get(topic="updates", action="unsubscribed")
    assert change.source == ConsentEvent.Source.PREFERENCE_CENTRE
    assert change.ip_address == "192.0.2.1"
    assert b"Your choices are saved" in client.get(path).content


def test_the_preference_centre_unsubscribes_from_everything(client, districts):
    contact = ContactFactory(topics=["newsletter", "updates", "events"])

    client.post(path_of(preference_centre_url(contact)), {"unsubscribe_all": "1"})

    assert set(contact.subscriptions.values_list("status", flat=True)) == {"unsubscribed"}


def test_the_unsubscribe_page_reached_by_get_asks_for_a_click_and_changes_nothing(client):
    contact = ContactFactory(topics=["newsletter"])

    response = client.get(path_of(unsubscribe_url(contact, "newsletter")))

    assert response.status_code == 200
    assert "Stop receiving “Quarterly newsletter”?" in response.content.decode()
    assert contact.subscriptions.get().status == "subscribed"


def test_one_click_post_unsubscribes_at_once_without_a_session_or_csrf_token():
    from django.test import Client

    contact = ContactFactory(topics=["newsletter", "updates"])
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        path_of(unsubscribe_url(contact, "newsletter")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert dict(contact.subscriptions.values_list("topic", "status")) == {
        "newsletter": "unsubscribed",
        "updates": "subscribed",
    }
    event = contact.consent_events.get(action="unsubscribed")
    assert event.source == ConsentEvent.Source.UNSUBSCRIBE_LINK


def test_an_unsubscribe_link_without_topic_unsubscribes_from_everything(client):
    contact = ContactFactory(topics=["newsletter", "events"])

    client.post(path_of(unsubscribe_url(contact)))
    client.post(path_of(unsubscribe_url(contact)))

    assert set(contact.subscriptions.values_list("status", flat=True)) == {"unsubscribed"}
    assert contact.consent_events.filter(action="unsubscribed").count() == 2


def test_a_forged_unsubscribe_link_changes_nothing(client):
    contact = ContactFactory(topics=["newsletter"])
    token = make_contact_token(contact, "preferences")

    response = client.post(f"/subscribe/unsubscribe/{token}/")

    assert response.status_code == 404
    assert contact.subscriptions.get().status == "subscribed"


def test_links_stop_working_when_the_address_changes(client):
    contact = ContactFactory(topics=["newsletter"])
    path = path_of(unsubscribe_url(contact))
    contact.email = "new.address@example.org"
    contact.save()

    assert client.post(path).status_code == 404
