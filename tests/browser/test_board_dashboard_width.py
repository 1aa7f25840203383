"""The board dashboard fits a 1280 × 800 screen without a horizontal scroll, for the coordinator
(exact figures, numbers as links) and for a board member, on a year with figures in its wide
tables (every sector, every kind of report, sends with long subjects), and passes axe-core."""

import pytest

from tests.support.board import london, make_board_member, make_district, make_reports, make_send
from tests.support.browser import assert_accessible
from tests.support.two_factor import sign_in_to_admin

OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const wider = [...document.querySelectorAll('main *')]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
  return {scroll: root.scrollWidth, client: root.clientWidth, wider};
}"""


def _year_with_wide_tables():
    districts = [
        make_district(name)
        for name in ("North Warwickshire", "Nuneaton and Bedworth", "Stratford-on-Avon", "Rugby")
    ]
    kinds = ["feedback", "tension", "online", "venue", "other"]
    for n, district in enumerate(districts):
        for m, kind in enumerate(kinds):
            make_reports(8 + n + m, at=london(2026, 5, 1 + m, 12), district=district, kind=kind)
    for n in range(3):
        make_send(
            f"Prevent partnership quarterly newsletter with a deliberately long subject {n}",
            at=london(2026, 6, 1 + n, 9),
        )


def _assert_fits(page, who: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.url)
    page.get_by_role("table", name="Reports received by district and kind").wait_for()
    result = page.evaluate(OVERFLOW_JS)
    # The admin's own wrappers may scroll instead of the page: nothing may reach past the window.
    assert not result["wider"], f"{who}: wider than the 1280 px window: {result['wider']}"
    assert result["scroll"] <= result["client"], (
        f"{who}: the page scrolls sideways at 1280 px ({result['scroll']} > {result['client']}); "
        f"too wide: {result['wider']}"
    )


@pytest.mark.browser
def test_the_dashboard_fits_1280_px_for_the_coordinator_and_a_board_member(
    page, live_server, coordinator, django_user_model
):
    _year_with_wide_tables()
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in_to_admin(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/board/?period=2026")
    assert page.locator("table.board-table a").count() > 0  # exact view: numbers are links
    _assert_fits(page, "coordinator")
    assert_accessible(page, "board dashboard at 1280 px, coordinator")

    page.context.clear_cookies()
    member = make_board_member(django_user_model)
    member.raw_password = "correct horse battery staple"
    sign_in_to_admin(page, live_server, member)
    page.goto(f"{live_server.url}/admin/board/?period=2026")
    _assert_fits(page, "board member")
    assert_accessible(page, "board dashboard at 1280 px, board member")
