"""The invitee's accept journey and the coordinator's phone check-in, in a real browser, with
axe-core on every page."""

import pytest
from playwright.sync_api import expect

from events.links import make_rsvp_token
from tests.support.browser import assert_accessible
from tests.support.events import invite, make_event, move_to_day, person
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_an_invitee_confirms_who_they_are_and_accepts_the_evening_session(
    page, live_server, demo_site
):
    event = make_event()
    invitation = invite(event, person("Priya", "Lead"))
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/rsvp/{make_rsvp_token(invitation)}/")
    expect(page.get_by_text("Are you Priya Lead?")).to_be_visible()
    assert_accessible(page, "are you …? page")
    page.get_by_role("button", name="Yes, this is my invitation").click()

    expect(page.get_by_role("heading", name="Answer the invitation")).to_be_visible()
    assert_accessible(page, "RSVP form")
    page.get_by_label("Yes, I will come").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "RSVP form with an error")

    page.get_by_role("link", name="Choose at least one session").click()
    page.get_by_label("Evening session", exact=False).check()
    page.get_by_label("Access needs").fill("Hearing loop")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you, your answer is saved")).to_be_visible()
    expect(page.get_by_text("Evening session: confirmed")).to_be_visible()
    assert_accessible(page, "RSVP saved")
    invitation.refresh_from_db()
    assert invitation.state == "accepted" and invitation.access_needs == "Hearing loop"

    page.goto(f"{live_server.url}/rsvp/{make_rsvp_token(invitation)[:-2]}xx/")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page, "bad link")


@pytest.mark.browser
def test_the_coordinator_checks_people_in_on_a_phone(page, live_server, coordinator, demo_site):
    from events.actions import accept_invitation

    event = make_event()
    for first in ("Priya", "Omar"):
        invitation = invite(event, person(first, "Lead"))
        accept_invitation(invitation, [event.sessions.first().pk])
    event = move_to_day(event)  # check-in opens on the day
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_to_admin(page, live_server, coordinator)

    page.goto(f"{live_server.url}/admin/events/{event.pk}/check-in/")
    assert_accessible(page, "check-in")
    page.get_by_label("Search by name").fill("priya")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Omar Lead")).to_have_count(0)
    expect(page.get_by_text("Priya Lead", exact=True)).to_be_visible()
    button = page.get_by_role("button", name="Mark attended")
    expect(button).to_have_count(1)
    box = button.bounding_box()
    assert box["height"] >= 44  # a comfortable target for a thumb
    button.click()
    expect(page.get_by_text("Priya Lead: attended.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    assert_accessible(page, "check-in after marking")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_someone_registers_for_an_open_event_and_books_with_the_emailed_link(
    page, live_server, demo_site
):
    import re

    from django.core import mail

    event = make_event(invited_only=False, title="Community Prevent evening", slug="open-evening")
    event.save_revision().publish()
    mail.outbox.clear()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + event.url)
    assert_accessible(page, "open event page")
    page.get_by_role("link", name="Register for this event").click()

    expect(
        page.get_by_role("heading", name="Register for Community Prevent evening")
    ).to_be_visible()
    assert_accessible(page, "registration form")
    page.get_by_label("Email address").fill("rita-at-example")
    page.get_by_role("button", name="Send me my link").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "registration form with errors")
    page.get_by_role("link", name="Enter your first name.").click()
    page.get_by_label("First name").fill("Rita")
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_role("button", name="Send me my link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "registration sent")

    (message,) = mail.outbox
    link = re.search(r"/rsvp/[^/\s]+/", message.body).group(0)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Yes, this is my invitation").click()
    expect(page.get_by_text("Registration for Rita")).to_be_visible()
    page.get_by_label("Yes, I will come").check()
    page.get_by_label("Day session", exact=False).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Day session: confirmed")).to_be_visible()
