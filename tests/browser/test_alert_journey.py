"""The police officer sends an alert about one district in a real browser; it reaches only that
district's subscribers, and a recipient opens it through the personal link in the email, with
no account. axe-core checks every public page on the way (the Wagtail admin is not ours to fix,
as in test_newsletter_send.py)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from networks import tokens
from networks.models import District, Network, NetworkMembership
from sending.models import Send
from tests.alerts.alert_support import make_alert, subscriber, tagged_segment
from tests.support.browser import assert_accessible
from tests.support.people import demo_responder
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_an_alert_for_rugby_reaches_rugby_only_and_opens_from_the_personal_link(
    page, live_server, demo_site, django_user_model, monkeypatch
):
    rugby, warwick = District.objects.get(name="Rugby"), District.objects.get(name="Warwick")
    officer = demo_responder("police.officer")
    rosa = subscriber("rosa@example.org", "Rosa", rugby)
    subscriber("reggie@example.org", "Reggie", rugby)
    subscriber("wanda@example.org", "Wanda", warwick)
    # Rosa belongs to Rugby's community Prevent network, a partner of the demo partnership.
    NetworkMembership.objects.create(
        network=Network.objects.get(name="Rugby Community Prevent Network"), contact=rosa
    )
    tagged_segment("Rugby and Warwick leads", [rugby, warwick])
    alert = make_alert([rugby])
    mail.outbox.clear()

    # The officer signs in, passes two-factor and opens the send screen from the alert.
    sign_in_to_admin(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/alerts/send-alert/{alert.pk}/")
    expect(page.get_by_text("is about Rugby")).to_be_visible()

    page.get_by_role("group", name="Send to these segments").get_by_label(
        "Rugby and Warwick leads"
    ).check()
    page.get_by_role("button", name="Show who it will go to").click()
    expect(page.locator("#audience-count")).to_contain_text("This will go to 2 people in Rugby")
    assert not Send.objects.filter(kind="alert").exists() and mail.outbox == []
    page.get_by_role("button", name="Confirm and send").click()
    expect(page.get_by_text("to 2 subscribed contacts in Rugby")).to_be_visible()

    # Only Rugby's subscribers got it; Wanda (Warwick only) did not.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Reggie Lead <reggie@example.org>",
        "Rosa Lead <rosa@example.org>",
    ]
    rosa_email = next(m for m in mail.outbox if "rosa@" in m.to[0])
    link = re.search(r"https?://[^/\s]+(/partners/open/\S+?/)", rosa_email.body).group(1)

    # Rosa, with no account, in a fresh browser: the link opens the partner-only alert page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{alert.url}")
    expect(page.get_by_role("heading", name="Partner pages")).to_be_visible()
    assert_accessible(page, "sign-in page for partner pages")
    page.goto(f"{live_server.url}{link}")
    expect(page).to_have_url(f"{live_server.url}{alert.url}")
    expect(page.get_by_role("heading", name="Hostile stickers near Rugby station")).to_be_visible()
    expect(page.get_by_text("Photograph and remove them.")).to_be_visible()
    assert_accessible(page, "the alert opened from the personal link")

    # Later the link has expired: the page says so and sends a fresh one.
    page.context.clear_cookies()
    monkeypatch.setitem(tokens.MAX_AGE, "partner", timedelta(seconds=-1))
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    assert_accessible(page, "expired link page")
    monkeypatch.setitem(tokens.MAX_AGE, "partner", timedelta(days=14))
    mail.outbox.clear()
    page.get_by_label("Your email address").fill("rosa@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "fresh link sent")
    assert [m.to[0] for m in mail.outbox] == ["Rosa Lead <rosa@example.org>"]
    fresh = re.search(r"https?://[^/\s]+(/partners/open/\S+?/)", mail.outbox[0].body).group(1)
    page.goto(f"{live_server.url}{fresh}")
    expect(page).to_have_url(f"{live_server.url}{alert.url}")
