import pytest
from playwright.sync_api import expect

from networks.models import Segment
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_the_segment_editor_shows_a_live_count_while_rules_change(
    page, live_server, demo_site, coordinator
):
    segment = Segment.objects.get(name="Prevent leads of the specified authorities")
    sign_in_to_admin(page, live_server, coordinator)

    page.goto(f"{live_server.url}/admin/snippets/networks/segment/edit/{segment.pk}/")
    members = page.locator("[data-segment-members]")
    expect(members).to_have_text("10")
    page.locator("input[name=districts]").first.check()  # North Warwickshire only

    expect(members).to_have_text("1")
    expect(page.locator("[data-segment-topics]")).to_contain_text("1 newsletter")
