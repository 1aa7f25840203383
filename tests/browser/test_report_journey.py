"""The anonymous reporting journey in a real browser, checked with axe-core at each step."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible


@pytest.mark.browser
def test_someone_in_danger_is_told_to_call_999_and_not_shown_the_form(page, live_server, demo_site):
    page.goto(f"{live_server.url}/report/")
    page.get_by_role("group", name="Is anyone in immediate danger?").get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("one particular person")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("taken down")).get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Call 999 now")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page, "danger guidance")


@pytest.mark.browser
def test_an_anonymous_person_reports_keeps_the_receipt_and_returns_to_read_the_reply(
    page, live_server, demo_site
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("Report a concern or give feedback")).click()
    expect(page).to_have_url(f"{live_server.url}/report/")
    assert_accessible(page, "before you start")

    for group in ("Is anyone in immediate danger?", "one particular person", "taken down"):
        page.get_by_role("group", name=re.compile(re.escape(group))).get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Tell us what happened")).to_be_visible()
    assert_accessible(page, "report form")

    # A mistake: no area chosen. The summary links to the field and nothing typed is lost.
    page.get_by_label("Community tension").check()
    page.get_by_label("What happened?").fill("Posters blaming newcomers for crime went up.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_value(
        "Posters blaming newcomers for crime went up."
    )
    assert_accessible(page, "report form with errors")
    page.get_by_role("link", name=re.compile("Choose an area")).click()
    expect(page.get_by_label("Which area is it about?")).to_be_focused()

    page.get_by_label("Which area is it about?").select_option(label="Rugby")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    assert_accessible(page, "receipt page")
    receipt = page.locator("[data-receipt]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipt)
    page.get_by_label("I have written down or saved my receipt code").check()

    # Later, in a fresh browser session, with the receipt typed in lower case.
    page.context.clear_cookies()
    from alerts import actions
    from alerts.models import Report

    report = Report.objects.get()
    actions.send_reply(report, None, "Thank you. The posters have been removed.")
    page.goto(f"{live_server.url}/report/return/")
    assert_accessible(page, "return with receipt")
    page.get_by_label("Your receipt code").fill(receipt.lower())
    page.get_by_role("button", name="Open my report").click()

    expect(page.get_by_role("heading", name=f"Your report {report.reference}")).to_be_visible()
    expect(page.get_by_text("Thank you. The posters have been removed.")).to_be_visible()
    assert_accessible(page, "the submitter's report page")
