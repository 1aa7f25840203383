"""The coordinator's authoring journey in a real browser, and the public archive's accessibility.

Sending the approved issue to a segment and watching the report fill in continue the journey in
`test_newsletter_send.py`.
"""

import re

import pytest
from playwright.sync_api import expect

from newsletters.models import NewsletterIndexPage, NewsletterPage
from newsletters.permissions import can_send
from tests.support.browser import assert_accessible
from tests.support.sending import sent_test_emails
from tests.support.two_factor import sign_in_to_admin

TITLE = "Spring 2016 update"


@pytest.mark.browser
def test_coordinator_drafts_gets_approval_previews_and_sends_a_test(
    page, live_server, coordinator, demo_site
):
    archive = NewsletterIndexPage.objects.get()
    sign_in_to_admin(page, live_server, coordinator)

    # Draft the issue in the Wagtail editor and submit it for approval.
    page.goto(f"{live_server.url}/admin/pages/add/newsletters/newsletterpage/{archive.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("What the partnership did this spring.")
    page.get_by_title("Insert a block").first.click()
    page.get_by_role("option", name="Heading").click()
    page.locator("input[name='body-0-value']").fill("Across the partnership")
    page.get_by_title("Insert a block").last.click()
    page.get_by_role("option", name="Rich text").click()
    page.locator(".Draftail-Editor [contenteditable=true]").last.click()
    page.keyboard.type("Community Prevent networks are growing in every district.")
    # Draftail writes its content to a hidden input as you type; wait for it before submitting.
    expect(page.locator("input[name='body-1-value']")).to_have_value(
        re.compile("growing in every district")
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Newsletter approval").click()
    # Wagtail's autosave may have created the page before the click (on a slow machine it saves
    # a draft after half a second of quiet typing); the submit is then the edit view's.
    submitted = re.compile(f"Page '{TITLE}' (created and|has been) submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()

    issue = NewsletterPage.objects.get(title=TITLE)
    assert not issue.live
    assert can_send(coordinator, issue)[0] is False

    # Approve it as a newsletter approver: approval publishes it.
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_text(f"Page '{TITLE}' has been updated")).to_be_visible()
    issue.refresh_from_db()
    assert issue.live and can_send(coordinator, issue) == (True, "")

    # Preview the email from the issue's actions menu.
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Preview email").click()
    expect(
        page.get_by_text("This issue is approved and published: it is ready to send.")
    ).to_be_visible()
    frame = page.frame_locator("iframe[title='HTML part of the email']")
    expect(frame.get_by_text("Hello Sam,")).to_be_visible()
    expect(frame.get_by_role("heading", name="Across the partnership")).to_be_visible()
    expect(page.locator("#email-text")).to_contain_text("ACROSS THE PARTNERSHIP")
    expect(page.locator("#email-text")).to_contain_text("Unsubscribe: http")

    # Send a test: a wrong address is refused with a message, then a good one goes out.
    page.get_by_role("link", name="Send a test email").click()
    addresses = page.get_by_label("Send a test to")
    addresses.fill("lead@example.org, not-an-address")
    page.get_by_role("button", name="Send test").click()
    expect(
        page.get_by_role("link", name="These are not email addresses: not-an-address.")
    ).to_be_visible()
    expect(addresses).to_have_value("lead@example.org, not-an-address")
    assert sent_test_emails() == []
    addresses.fill("lead@example.org")
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_text("Test email sent to 1 address: lead@example.org.")).to_be_visible()

    [message] = sent_test_emails()
    assert message.to == ["lead@example.org"] and message.subject == f"[Test] {TITLE}"
    assert "Community Prevent networks are growing in every district." in message.body
    assert "Community Prevent networks are growing" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.browser
def test_the_public_archive_and_an_issue_are_accessible(page, live_server, demo_site):
    page.goto(f"{live_server.url}/newsletters/")

    expect(page.get_by_role("heading", name="Newsletters", level=1)).to_be_visible()
    assert_accessible(page, "newsletter archive")
    page.get_by_role("link", name="Prevent partnership news: our first issue").click()

    expect(page.get_by_role("heading", name="Emerging issues")).to_be_visible()
    assert_accessible(page, "newsletter issue")
    page.set_viewport_size({"width": 375, "height": 740})
    assert_accessible(page, "newsletter issue on a phone")
    page.get_by_role("link", name="All issues in Newsletters").click()
    assert page.url.endswith("/newsletters/")
