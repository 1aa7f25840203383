"""A board member reads the dashboard in a real browser with the keyboard only: picks a period,
moves to a theme, and every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.support.board import london, make_board_member, make_district, make_reports
from tests.support.browser import assert_accessible
from tests.support.two_factor import sign_in_to_admin


def _tab_to(page, predicate_js: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate_js}; }}"):
            return
    raise AssertionError(f"never reached {predicate_js} with Tab")


@pytest.mark.browser
def test_a_board_member_picks_a_year_and_reaches_a_theme_by_keyboard(
    page, live_server, django_user_model
):
    member = make_board_member(django_user_model)
    member.raw_password = "correct horse battery staple"
    rugby = make_district("Rugby")
    make_reports(3, at=london(2025, 5, 1, 12), district=rugby)
    make_reports(12, at=london(2025, 8, 1, 12), district=rugby, kind="online")
    sign_in_to_admin(page, live_server, member)

    page.goto(f"{live_server.url}/admin/board/?period=2025-Q1")
    expect(
        page.get_by_role("heading", name="1. Community and voluntary sector engagement")
    ).to_be_visible()
    assert_accessible(page, "board dashboard, a quarter")

    _tab_to(page, "el && el.id === 'id_period'")
    # Choose the financial year 2025–26 (ended: the board sees only ended periods) by keyboard.
    page.keyboard.type("2025–26")
    expect(page.locator("#id_period")).to_have_value("2025")
    _tab_to(page, "el && el.textContent.trim() === 'Show'")
    page.keyboard.press("Enter")
    page.wait_for_url("**period=2025**")
    expect(page.get_by_text("Showing 2025–26 (financial year)")).to_be_visible()
    # A year has a per-quarter table; the board sees ranges and rounded figures only.
    expect(page.get_by_role("table", name="Reports received per quarter, by kind")).to_be_visible()
    assert "Something a board member must never see" not in page.content()
    assert page.locator("table.board-table a").count() == 0  # no number opens a record
    assert_accessible(page, "board dashboard, a year")

    _tab_to(page, "el && el.getAttribute('href') === '#theme-6'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/admin/board/?period=2025#theme-6")
    expect(page.get_by_role("img", name="Reports received by district")).to_be_visible()
