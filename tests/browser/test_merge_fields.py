"""A newsletter with merge fields in its headings, read as the coordinator previews it, as the
test email's HTML and text parts, and as the public web page, in a real browser with axe-core."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from networks.models import District
from tests.newsletters.authoring_support import make_issue
from tests.newsletters.merge_support import build_archive
from tests.support.browser import assert_accessible
from tests.support.sending import sent_test_emails
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_merge_fields_in_headings_read_right_in_html_text_and_on_the_web(
    page, live_server, coordinator
):
    District.objects.create(name="Warwick", sort_order=1)
    issue = make_issue(
        build_archive(),
        "Spring 2016 update",
        body=[
            {"type": "heading", "value": "Hello {{ first_name }}"},
            {"type": "rich_text", "value": "<p>Dear {{ first_name }}, networks are growing.</p>"},
        ],
    )
    sign_in_to_admin(page, live_server, coordinator)

    # The preview: the sample reader in the heading of both parts.
    page.goto(f"{live_server.url}/admin/newsletters/{issue.pk}/email/")
    frame = page.frame_locator("iframe[title='HTML part of the email']")
    expect(frame.get_by_role("heading", name="Hello Sam")).to_be_visible()
    expect(
        frame.get_by_text("Sent to Sam Sample, Sample Organisation · Your districts: Warwick")
    ).to_be_visible()
    expect(page.locator("#email-text")).to_contain_text("HELLO Sam")
    expect(page.locator("#email-text")).not_to_contain_text("{{")
    assert_accessible(page, "email preview")

    # The test email: the same sample reader, merged in both parts.
    page.get_by_role("link", name="Send a test email").click()
    page.get_by_label("Send a test to").fill("casey@example.org")
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_text("Test email sent to 1 address: casey@example.org.")).to_be_visible()
    [message] = sent_test_emails()
    text, html = message.body, message.alternatives[0][0]
    assert "HELLO Sam" in text and "Dear Sam, networks are growing." in text
    assert "{{" not in text and "{{" not in html
    page.set_content(html)
    expect(page.get_by_role("heading", name="Hello Sam")).to_be_visible()
    expect(page.get_by_text("because sam.sample@example.org is subscribed")).to_be_visible()

    # Its "Manage your preferences" link opens a page saying it came from a sample.
    link = re.search(r"Manage your preferences: (\S+)", text).group(1)
    page.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(page.get_by_role("heading", name="This link is from a sample email")).to_be_visible()
    assert_accessible(page, "sample link page")

    # The public page is read by nobody in particular: the field is taken out neatly.
    page.goto(f"{live_server.url}{issue.url}")
    expect(page.get_by_role("heading", name="Hello", exact=True)).to_be_visible()
    expect(page.get_by_text("Dear, networks are growing.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("{{")
    assert "{{" not in page.title()
    assert_accessible(page, "newsletter issue with merge fields")
    assert len(mail.outbox) == 1
