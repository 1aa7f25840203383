"""The quarterly action update, end to end in a real browser with axe-core on every page: the
coordinator sends it; a lead opens the emailed link, saves a draft, comes back later and
submits; the coordinator sees it and reopens it with a note; the lead resubmits."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.periods import Quarter
from returns.models import Action, Plan, ProgressUpdate, Response, Theme
from tests.support.browser import assert_accessible
from tests.support.returns import lead, organisation
from tests.support.two_factor import sign_in_to_admin


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/returns/r/[^/\s]+/)", message.body).group(1)


@pytest.mark.browser
def test_a_lead_answers_the_quarterly_action_update_and_corrects_it_when_reopened(
    page, browser, live_server, coordinator, demo_site
):
    quarter = Quarter.current()
    plan = Plan.objects.create(
        name="Prevent Action Plan (refreshed)",
        starts_on=quarter.start,
        ends_on=quarter.start + timedelta(days=365),
    )
    theme = Theme.objects.create(plan=plan, number=3, name="Awareness, learning and development")
    college = organisation("Northvale College")
    action = Action.objects.create(
        theme=theme,
        number="3.5",
        text="Monitor take-up of the Prevent learning & development packages",
        timescale="Quarterly at PWG meetings",
    )
    action.responsible_organisations.add(college)
    lead(college, "Priya", "Lead", email="priya@example.org")
    mail.outbox.clear()

    # The coordinator creates the return from its template and sends it.
    sign_in_to_admin(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/returns/new/")
    assert_accessible(page, "new return")
    page.get_by_label("Quarterly action update").check()
    page.get_by_label("Period").select_option(quarter.start.isoformat())
    page.get_by_label("Due date").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/admin/snippets/returns/return/edit/**")
    ret_pk = int(re.search(r"/edit/(\d+)/", page.url).group(1))
    page.goto(f"{live_server.url}/admin/returns/{ret_pk}/send/")
    expect(page.get_by_text("Prevent lead will each get their own link")).to_be_visible()
    assert_accessible(page, "send confirmation")
    expect(page.locator("#recipients")).to_contain_text("priya@example.org")
    page.get_by_role("button", name="Confirm and send").click()
    page.wait_for_url("**/admin/newsletters/sends/*/")  # the send's report
    expect(page.locator("#send-message-type")).to_contain_text("Service message")
    page.goto(f"{live_server.url}/admin/returns/{ret_pk}/status/")
    expect(page.get_by_role("cell", name="Not opened")).to_be_visible()
    assert_accessible(page, "live status, sent")

    # The lead follows the emailed link, in a browser of their own, without an account.
    (message,) = mail.outbox
    link = _link(message)
    lead_context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    lead_page = lead_context.new_page()
    lead_page.set_default_timeout(15_000)
    lead_page.set_viewport_size({"width": 375, "height": 740})
    lead_page.goto(live_server.url + link)
    expect(lead_page.get_by_role("heading", level=1)).to_contain_text("Action plan update")
    expect(lead_page.get_by_role("heading", name="Numbers and statuses only")).to_be_visible()
    assert_accessible(lead_page, "return form")
    lead_page.get_by_role("button", name="Submit the return").click()
    expect(lead_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(lead_page, "return form with an error")
    lead_page.get_by_label("At risk").check()
    lead_page.get_by_label("3.5: what happened this quarter").fill("Two schools have not reported.")
    lead_page.get_by_role("button", name="Save as a draft").click()
    expect(lead_page.get_by_text("Your draft is saved")).to_be_visible()
    assert_accessible(lead_page, "draft saved")
    assert lead_page.evaluate("document.documentElement.scrollWidth") <= 375

    # Later, the same link: the draft is there; the lead submits.
    lead_page.goto("about:blank")
    lead_page.goto(live_server.url + link)
    expect(lead_page.get_by_label("At risk")).to_be_checked()
    lead_page.get_by_label("On track").check()
    lead_page.get_by_role("button", name="Submit the return").click()
    expect(lead_page.get_by_text("your return is submitted")).to_be_visible()
    assert_accessible(lead_page, "submitted")

    # The coordinator sees it and reopens it with a note.
    page.reload()
    expect(page.get_by_role("cell", name="Submitted")).to_be_visible()
    page.get_by_role("link", name="Northvale College").click()
    expect(page.get_by_text("Two schools have not reported.")).to_be_visible()
    assert_accessible(page, "one organisation's return")
    page.get_by_label("Note to the organisation").fill("Please check the status of 3.5")
    page.get_by_role("button", name="Reopen with this note").click()
    expect(page.get_by_text("can change their return again")).to_be_visible()
    assert_accessible(page, "reopened")

    # The lead reads the note (the email only links to it) and resubmits.
    reopened = mail.outbox[-1]
    assert "3.5" not in reopened.body
    lead_page.goto(live_server.url + _link(reopened))
    expect(lead_page.get_by_text("Please check the status of 3.5")).to_be_visible()
    assert_accessible(lead_page, "reopened form")
    lead_page.get_by_label("At risk").check()
    lead_page.get_by_role("button", name="Submit the return").click()
    expect(lead_page.get_by_text("your return is submitted")).to_be_visible()
    lead_context.close()

    page.goto(f"{live_server.url}/admin/returns/{ret_pk}/status/")
    expect(page.get_by_role("cell", name="Submitted")).to_be_visible()
    assert Response.objects.get().state == "submitted"
    # Each submission is a progress row: the history keeps both.
    assert list(
        ProgressUpdate.objects.filter(action=action).order_by("id").values_list("status", flat=True)
    ) == [
        "on_track",
        "at_risk",
    ]
    page.goto(f"{live_server.url}/admin/returns/progress/")
    expect(page.get_by_text("Two schools have not reported.")).to_be_visible()
    assert_accessible(page, "plan progress")
