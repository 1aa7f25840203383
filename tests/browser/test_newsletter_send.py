"""The coordinator sends an approved issue to a segment in a real browser and reads the report.

Drafting, submitting and approving are covered by test_newsletter_authoring.py; here the issue is
approved through the workflow API in setup. Only the public page a reader reaches is checked with
axe: the Wagtail admin is not ours to fix.
"""

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from newsletters.models import NewsletterPage
from sending.models import Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.browser import assert_accessible
from tests.support.sending import make_audience
from tests.support.two_factor import sign_in_to_admin

SUBJECT = "Prevent partnership news: our first issue"


@pytest.mark.browser
def test_coordinator_sends_an_approved_issue_to_a_segment_and_reads_the_report(
    page, live_server, coordinator, demo_site
):
    issue = NewsletterPage.objects.get(title=SUBJECT)
    submit_and_approve(issue, coordinator, coordinator)
    make_audience(3, segment_name="Northvale school leads")
    mail.outbox.clear()
    sign_in_to_admin(page, live_server, coordinator)

    # From the issue's actions menu to the send form.
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).first.click()
    page.get_by_role("link", name="Send to segments").click()
    expect(
        page.get_by_text("This issue is approved and published: it is ready to send.")
    ).to_be_visible()

    # Choose the segment, see how many people it will reach, confirm.
    page.get_by_role("group", name="Send to these segments").get_by_label(
        "Northvale school leads"
    ).check()
    page.get_by_role("button", name="Show who it will go to").click()
    expect(page.locator("#audience-count")).to_contain_text("This will go to 3 people")
    assert not Send.objects.exists() and mail.outbox == []
    page.get_by_role("button", name="Confirm and send").click()

    # The report: with eager tasks the send completed during the request.
    expect(page.get_by_text(f"Sending “{SUBJECT}” to 3 people.")).to_be_visible()
    expect(page.locator("#send-state")).to_have_text("Sent")
    expect(page.locator('[data-count="sent"]')).to_have_text("3")
    send = Send.objects.get()
    assert send.state == "sent" and send.recipient_count == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Lee{i} Lead <lead{i}@example.org>" for i in range(3)
    ]

    # The list of sends leads back to the report.
    page.goto(f"{live_server.url}/admin/newsletters/sends/")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator('[data-count="sent"]')).to_have_text("3")

    # A reader follows "view in browser" from the email to the public issue.
    message = mail.outbox[0]
    web_url = next(
        word for word in message.body.split() if word.startswith(settings.SITE_URL + "/news")
    )
    page.goto(web_url.replace(settings.SITE_URL, live_server.url))
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    assert_accessible(page, "the issue a reader opens from the email")
