"""Two reporting journeys in a real browser, checked with axe-core on each page: someone in
danger reaches the 999 page at once; a reporter's follow-up reaches the responder (a link
only) and marks the inbox row until they open it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.alerts.helpers import make_report
from tests.support.browser import assert_accessible
from tests.support.people import demo_responder
from tests.support.two_factor import sign_in_to_admin

FOLLOW_UP = "The same posters went up again outside the library on Monday."


@pytest.mark.browser
def test_yes_to_danger_goes_straight_to_the_999_page_with_a_tap_to_call_link(
    page, live_server, demo_site
):
    page.goto(f"{live_server.url}/report/")
    assert_accessible(page, "before you start")

    # Continuing with nothing ticked: every error names its question.
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name=re.compile("immediate danger"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("one particular person"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("taken down"))).to_be_visible()
    assert_accessible(page, "before you start, with errors")

    # Only the danger question answered, with yes: the 999 page, nothing else demanded.
    page.get_by_role("group", name="Is anyone in immediate danger?").get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Call 999 now")).to_be_visible()
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page, "the 999 page")


@pytest.mark.browser
def test_a_reporters_follow_up_tells_the_responder_by_a_link_and_marks_the_inbox(
    page, live_server, demo_site, django_user_model
):
    from alerts import actions
    from networks.models import District

    robin = demo_responder("rugby.responder")
    report, receipt = make_report(district=District.objects.get(name="Rugby"))
    actions.assign_report(report, None, robin)
    mail.outbox.clear()

    # The reporter comes back with their receipt and adds information.
    page.goto(f"{live_server.url}/report/return/")
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Open my report").click()
    expect(page.get_by_role("heading", name=f"Your report {report.reference}")).to_be_visible()
    page.get_by_label("Add more information").fill(FOLLOW_UP)
    page.get_by_role("button", name="Add to my report").click()
    expect(page.get_by_text("your information has been added")).to_be_visible()
    assert_accessible(page, "the reporter's page after adding information")

    # The responder's notice holds a link to the report and nothing of what was written.
    (notice,) = [m for m in mail.outbox if m.to == [robin.email]]
    link = f"/admin/alerts/reports/{report.pk}/"
    html = notice.alternatives[0][0]
    assert link in notice.body and link in html
    for part in (notice.subject, notice.body, html):
        assert "library" not in part and "Graffiti" not in part and receipt not in part

    # Signed in (password, then the authenticator code), the inbox marks the row.
    page.context.clear_cookies()
    sign_in_to_admin(page, live_server, robin)
    page.goto(f"{live_server.url}/admin/alerts/")
    row = page.get_by_role("row", name=re.compile(report.reference))
    expect(row.get_by_text("New information")).to_be_visible()

    # Following the emailed link opens the report; back in the inbox the marker is gone.
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_text(FOLLOW_UP)).to_be_visible()
    page.goto(f"{live_server.url}/admin/alerts/")
    expect(page.get_by_role("row", name=re.compile(report.reference))).to_be_visible()
    expect(page.get_by_text("New information")).to_have_count(0)
