"""The demo's coordinator, a plain member of the coordinator's groups (no superuser flag, no
permission of their own), walks the coordinator's journeys in a real browser: the directory, a
newsletter (editor, email preview, sends), the reports inbox and the board dashboard, every page
checked by axe-core."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from networks.models import Contact, District
from newsletters.models import NewsletterPage
from tests.alerts.helpers import make_report
from tests.support.browser import assert_accessible
from tests.support.people import PASSWORD
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_a_coordinator_without_superuser_walks_the_directory_newsletter_inbox_and_board(
    page, live_server, demo_site, settings, monkeypatch, tmp_path
):
    settings.SITE_URL = live_server.url
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("ensure_coordinator", verbosity=0)
    casey = get_user_model().objects.get(username="coordinator")
    casey.raw_password = PASSWORD
    assert not casey.is_superuser and not casey.user_permissions.exists()
    contact = Contact.objects.filter(erased_at__isnull=True).order_by("pk").first()
    issue = NewsletterPage.objects.first()
    report, _ = make_report(district=District.objects.get(name="Rugby"))

    # The page editor is the admin's heaviest page: navigations may take their time.
    page.set_default_navigation_timeout(90_000)
    sign_in_to_admin(page, live_server, casey)
    assert_accessible(page, "the coordinator's dashboard")

    # The directory: the contact list finds a contact by name; the contact opens.
    page.goto(f"{live_server.url}/admin/snippets/networks/contact/?q={contact.last_name}")
    row = page.get_by_role("row", name=re.compile(re.escape(contact.email)))
    expect(row).to_be_visible()
    assert_accessible(page, "contact list")
    page.goto(f"{live_server.url}/admin/snippets/networks/contact/edit/{contact.pk}/")
    expect(page.locator("#id_email")).to_have_value(contact.email)

    # The newsletter: the issue opens in the editor, its email previews, the sends list opens.
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(issue.title)
    page.goto(f"{live_server.url}/admin/newsletters/{issue.pk}/email/")
    expect(page.locator("iframe").first).to_be_visible()
    assert_accessible(page, "newsletter email preview")
    page.goto(f"{live_server.url}/admin/newsletters/sends/")
    expect(page.get_by_role("heading", name=re.compile("Sends"))).to_be_visible()
    assert_accessible(page, "sends")

    # The inbox: the new report is listed and opens.
    page.goto(f"{live_server.url}/admin/alerts/")
    expect(page.get_by_text(report.reference)).to_be_visible()
    assert_accessible(page, "reports inbox")
    page.goto(f"{live_server.url}/admin/alerts/reports/{report.pk}/")
    expect(page.get_by_text(report.reference).first).to_be_visible()
    assert_accessible(page, "a report")

    # The board: the dashboard with the coordinator's exact figures.
    page.goto(f"{live_server.url}/admin/board/")
    expect(
        page.get_by_role("heading", name="1. Community and voluntary sector engagement")
    ).to_be_visible()
    assert_accessible(page, "board dashboard")
