import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.two_factor import token_for_secret


@pytest.mark.browser
def test_coordinator_signs_in_and_sets_up_two_factor_the_first_time(
    page, live_server, demo_site, coordinator
):
    page.goto(f"{live_server.url}/admin/")

    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(coordinator.raw_password)
    page.get_by_role("button", name="Sign in").click()

    # First sign-in: the admin stays closed until an authenticator app is set up.
    page.wait_for_url("**/admin/2fa/setup/**")
    assert_accessible(page, "two-factor set-up")
    secret = page.locator("code").first.inner_text()
    page.get_by_label("Six-digit code").fill(token_for_secret(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Keep these recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()

    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page).to_have_title("Dashboard - Wagtail")
    expect(page.get_by_role("heading", name="Casey Coordinator")).to_be_visible()


@pytest.mark.browser
def test_a_wrong_password_is_refused(page, live_server, demo_site, coordinator):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_text("password didn't match")).to_be_visible()
    assert page.url.endswith("/admin/login/")


@pytest.mark.browser
def test_home_page_is_accessible_and_works_from_the_keyboard(page, live_server, demo_site):
    page.goto(f"{live_server.url}/")

    assert_accessible(page, "home page")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.get_by_role("link", name="Subscribe").first.click()
    assert page.url.endswith("/subscribe/")
