"""The public forms' one error summary in a real browser: it takes focus after a failed submit,
and its links move focus to the field."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible


@pytest.mark.browser
def test_submitting_an_empty_public_form_moves_focus_to_the_error_summary(
    page, live_server, demo_site
):
    page.goto(f"{live_server.url}/report/return/")
    page.get_by_role("button", name="Open my report").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "receipt look-up with an error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Your receipt code")).to_be_focused()
