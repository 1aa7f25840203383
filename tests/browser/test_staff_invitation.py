"""An invited board member, in a real browser: the coordinator invites them from the Staff
accounts screen, they open the emailed link, choose a password, set up two-factor, sign out,
sign in again with password and code, and read the board dashboard. Every page passes axe."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.support import people
from tests.support.browser import assert_accessible
from tests.support.two_factor import sign_in_to_admin, token_for_secret

PASSWORD = "a long passphrase of her own choosing"


def _next_code(secret: str, used: str) -> str:
    """A code of a later 30-second step than `used` (django-otp refuses a code twice)."""
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        code = token_for_secret(secret)
        if code != used:
            return code
        time.sleep(1)
    raise AssertionError("the TOTP step never changed")


@pytest.mark.browser
def test_an_invited_board_member_sets_up_her_account_and_reads_the_dashboard(
    page, live_server, browser
):
    from board.demo import ensure_board_group

    ensure_board_group()
    coordinator = people.make_coordinator()
    sign_in_to_admin(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/accounts/")
    assert_accessible(page, "staff accounts")
    page.get_by_role("link", name="Invite someone").first.click()
    page.get_by_label("Email address").fill("bea.board@example.org")
    page.get_by_label("First name").fill("Bea")
    page.get_by_label("Role").select_option(label="Board member")
    assert_accessible(page, "invite someone")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to bea.board@example.org")).to_be_visible()
    assert_accessible(page, "an invitation")
    page.context.clear_cookies()

    # The email the engine sent (its worker runs in the live server's thread in tests).
    def invitation_link():
        for message in mail.outbox:
            if message.to == ["bea.board@example.org"]:
                return re.search(r"https?://[^/\s]+(/account/invitation/[\w-]+/)", message.body)[1]
        return None

    deadline = time.monotonic() + 60
    while invitation_link() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    link = invitation_link()
    assert link, "the invitation was not emailed"

    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", name="Set up your account")).to_be_visible()
    assert_accessible(page, "accept the invitation")
    page.get_by_label("First name").fill("Bea")
    page.get_by_label("Last name").fill("Board")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Set my password").click()

    page.wait_for_url("**/admin/2fa/setup/**")
    secret = page.locator("code").first.inner_text()
    first_code = token_for_secret(secret)
    page.get_by_label("Six-digit code").fill(first_code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Keep these recovery codes")).to_be_visible()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # Sign out (a POST), then in again with the password and a fresh code.
    page.goto(f"{live_server.url}/admin/logout/")
    assert_accessible(page, "sign out")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/admin/login/**")
    expect(page.get_by_text("You have been successfully logged out")).to_be_visible()
    page.goto(f"{live_server.url}/admin/board/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Username").fill("bea.board@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/2fa/verify/**")
    page.get_by_label("Code from your authenticator app").fill(_next_code(secret, first_code))
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url("**/admin/board/**")
    expect(page.get_by_role("heading", name="Board dashboard").first).to_be_visible()
    assert_accessible(page, "board dashboard after the invitation")
