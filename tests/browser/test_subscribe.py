import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from networks.models import Contact
from tests.support.browser import assert_accessible


@pytest.mark.browser
def test_a_network_member_subscribes_confirms_from_the_email_and_changes_their_choices(
    page, live_server, demo_site, settings
):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Subscribe").first.click()
    expect(page.get_by_role("heading", name="Subscribe", exact=True)).to_be_visible()
    assert_accessible(page, "subscribe form")

    # A first try with mistakes: the summary takes focus and links to each field.
    page.get_by_label("Email address").fill("hana.haddad.example.org")
    page.get_by_role("button", name="Subscribe").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter an email address in the right format")
    expect(page.get_by_label("Email address")).to_have_value("hana.haddad.example.org")
    assert_accessible(page, "subscribe form with errors")
    summary.get_by_role("link", name="Choose at least one district").click()
    expect(page.locator("#id_districts_0")).to_be_focused()

    page.get_by_label("Email address").fill("hana.haddad@example.org")
    page.get_by_label("First name").fill("Hana")
    page.get_by_label("Last name").fill("Haddad")
    page.get_by_label("Rugby").check()
    page.get_by_label("Quarterly newsletter").check()
    page.get_by_label("Event invitations").check()
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "check your email")
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/subscribe/confirm/\S+/", mail.outbox[0].body).group(0)
    assert link in mail.outbox[0].alternatives[0][0]

    page.goto(link)
    assert_accessible(page, "confirm page")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", name="Your subscription is confirmed")).to_be_visible()
    assert_accessible(page, "confirmed page")
    hana = Contact.objects.get(email="hana.haddad@example.org")
    assert set(hana.subscriptions.filter(status="subscribed").values_list("topic", flat=True)) == {
        "newsletter",
        "events",
    }

    page.get_by_role("link", name="change your choices now").click()
    expect(page.get_by_role("heading", name="Your email choices")).to_be_visible()
    assert_accessible(page, "preference centre")
    page.get_by_label("Event invitations").uncheck()
    page.get_by_label("Warwick", exact=True).check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved")).to_be_visible()
    assert set(hana.subscriptions.filter(status="subscribed").values_list("topic", flat=True)) == {
        "newsletter"
    }
    assert set(hana.districts.values_list("name", flat=True)) == {"Rugby", "Warwick"}


@pytest.mark.browser
def test_the_unsubscribe_link_asks_for_one_click(page, live_server, demo_site, settings):
    from networks.tokens import unsubscribe_url

    settings.SITE_URL = live_server.url
    contact = Contact.objects.get(email="alice.archer@example.org")

    page.goto(unsubscribe_url(contact, "newsletter"))
    assert_accessible(page, "unsubscribe page")
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert contact.subscriptions.get(topic="newsletter").status == "unsubscribed"
    assert contact.subscriptions.get(topic="events").status == "subscribed"
