"""A frontline worker finds a WRAP session from the level 2 package page, registers, gets the
email, books, is checked in by the coordinator, and appears in the take-up report — in a real
browser, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from core.periods import Year
from learning.models import Completion, Headcount
from tests.support.browser import assert_accessible
from tests.support.events import move_to_day
from tests.support.learning import (
    events_index,
    hub_home,
    organisation,
    package_page,
    training_session,
)
from tests.support.two_factor import sign_in_to_admin


@pytest.mark.browser
def test_find_a_wrap_session_register_book_be_checked_in_and_count_in_the_take_up_report(
    page, live_server, coordinator
):
    from django.core import mail

    home = hub_home()
    events_index(parent=home)
    level_2 = package_page(2, title="WRAP: Workshop to Raise Awareness of Prevent")
    wrap = training_session(title="WRAP workshop, Rugby", level=2, capacity=12)
    mail.outbox.clear()

    # The level 2 page lists the session with its places and a register button.
    page.goto(live_server.url + level_2.url)
    expect(page.get_by_role("heading", name="Upcoming sessions")).to_be_visible()
    expect(page.get_by_text("12 places left.")).to_be_visible()
    assert_accessible(page, "level 2 package page")
    page.get_by_role("link", name=re.compile(r"^Register\W+WRAP workshop, Rugby")).click()

    expect(page.get_by_role("heading", name="Register for WRAP workshop, Rugby")).to_be_visible()
    assert_accessible(page, "registration form")
    page.get_by_label("First name").fill("Fatima")
    page.get_by_label("Last name").fill("Frontline")
    page.get_by_label("Email address").fill("fatima@example.org")
    page.get_by_label("Organisation (optional)").fill("Rugby Youth Service")
    page.get_by_role("button", name="Send me my link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "registration sent")

    # The email carries her own booking link.
    (message,) = mail.outbox
    assert message.to == ["Fatima Frontline <fatima@example.org>"]
    link = re.search(r"/rsvp/[^/\s]+/", message.body).group(0)
    page.goto(live_server.url + link)
    assert_accessible(page, "confirm identity")
    page.get_by_role("button", name="Yes, this is my invitation").click()
    expect(page.get_by_text("Registration for Fatima Frontline")).to_be_visible()
    assert_accessible(page, "booking page")
    page.get_by_label("Yes, I will come").check()
    page.get_by_label("Workshop", exact=False).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Workshop: confirmed")).to_be_visible()
    assert_accessible(page, "booked")

    # On the day the coordinator checks her in, on a phone.
    move_to_day(wrap)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_to_admin(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/events/{wrap.pk}/check-in/")
    assert_accessible(page, "check-in")
    page.get_by_role("button", name="Mark attended").click()
    expect(page.get_by_text("Fatima Frontline: attended.")).to_be_visible()
    assert Completion.objects.filter(email="fatima@example.org", level=2).count() == 1

    # She counts in the take-up report; beside it, a council's coverage against its headcount.
    council = organisation("Rugby Borough Council", is_specified_authority=True)
    Headcount.objects.create(
        organisation=council, level=1, staff_needing=40, as_of=Year.current().start, source="return"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/learning/take-up/")
    expect(page.get_by_role("heading", name="By organisation")).to_be_visible()
    row = page.locator("[data-table=by-organisation] tbody tr", has_text="Rugby Youth Service")
    expect(row).to_contain_text("(as given)")
    expect(row.locator("td").nth(1)).to_have_text("1")  # level 2
    coverage = page.locator("[data-table=coverage-organisation] tbody tr", has_text="Rugby Borough")
    expect(coverage).to_contain_text("not stated")  # level 2: no number given
    expect(coverage.locator("td").nth(2)).to_have_text("0%")  # nobody of 40 at level 1
    assert_accessible(page, "take-up report")
