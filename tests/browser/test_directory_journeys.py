"""Journeys of the directory in a browser: a typed organisation counted in its sector segment
once the coordinator links it, and a segment's member list checked before a send."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from networks.models import Contact, Segment, SegmentMember
from tests.support.browser import assert_accessible
from tests.support.two_factor import sign_in_to_admin

SCHOOLS = (
    "Maintained schools, special schools, nursery schools, independent schools and "
    "alternative provision academies"
)


@pytest.mark.browser
def test_a_school_safeguarding_lead_who_typed_her_school_is_in_the_education_segment_once_linked(
    page, live_server, demo_site, coordinator, settings
):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    segment = Segment.objects.get(name="Schools and colleges safeguarding leads")

    # She subscribes, typing her school's name her own way and answering the role question.
    page.goto(f"{live_server.url}/subscribe/")
    page.get_by_label("Email address").fill("sara.singh@example.org")
    page.get_by_label("First name").fill("Sara")
    page.get_by_label("Last name").fill("Singh")
    page.get_by_label("Organisation (optional)").fill("St. Nicholas C.E. Primary School")
    page.get_by_label("Your role (optional)").select_option(label="Designated safeguarding lead")
    page.get_by_label("Warwick", exact=True).check()
    page.get_by_label("Quarterly newsletter").check()
    assert_accessible(page, "subscribe form with the role question")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"http://\S+/subscribe/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", name="Your subscription is confirmed")).to_be_visible()
    sara = Contact.objects.get(email="sara.singh@example.org")
    assert sara.organisation is None

    # The coordinator finds her school among the unmatched names, links it and keeps the alias.
    sign_in_to_admin(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/directory/organisations/unmatched/")
    expect(page.get_by_role("heading", name="Unmatched organisations")).to_be_visible()
    row = page.locator('[data-unmatched-row="St Nicholas CE Primary School"]')
    expect(row).to_contain_text("Also typed: St. Nicholas C.E. Primary School")
    expect(row.locator("td").first).to_have_text("2")
    expect(page.locator('[data-unmatched-row="Warwick District Counsil"]')).to_contain_text(
        "Likely: Warwick District Council"
    )
    assert_accessible(page, "unmatched organisations")
    row.get_by_label("What to do with").select_option(label=SCHOOLS)
    row.get_by_label("Remember “St Nicholas CE Primary School” as an alias").check()
    page.get_by_role("button", name="Apply the chosen links").click()
    expect(page.get_by_text("Linked 2 contacts.")).to_be_visible()
    expect(page.locator('[data-unmatched-row="St Nicholas CE Primary School"]')).to_have_count(0)
    assert_accessible(page, "unmatched organisations after linking")

    # She is now in the education segment, for the reasons the rules give.
    page.goto(f"{live_server.url}/admin/snippets/networks/segment/inspect/{segment.pk}/")
    member = page.locator('[data-member="sara.singh@example.org"]')
    expect(member).to_contain_text(SCHOOLS)
    expect(member).to_contain_text(
        "Matches the rules: Role: Designated safeguarding lead; Sector: Education and childcare"
    )
    expect(member).to_contain_text("Gets: Quarterly newsletter")
    assert_accessible(page, "segment members")

    # And the contact list shows her organisation.
    page.goto(f"{live_server.url}/admin/snippets/networks/contact/?q=singh")
    expect(page.get_by_role("row", name=re.compile("Sara Singh"))).to_contain_text(SCHOOLS)
    assert_accessible(page, "contact list")


@pytest.mark.browser
def test_a_coordinator_checks_a_segments_members_before_a_send(
    page, live_server, demo_site, coordinator
):
    segment = Segment.objects.get(name="Prevent leads of the specified authorities")
    ben = Contact.objects.get(email="ben.bhatt@example.org")
    SegmentMember.objects.create(segment=segment, contact=ben, mode="exclude")
    sign_in_to_admin(page, live_server, coordinator)

    page.goto(f"{live_server.url}/admin/snippets/networks/segment/")
    page.get_by_role("button", name=re.compile("More options for .Prevent leads")).click()
    page.get_by_role("link", name="Inspect").click()

    expect(page.get_by_role("heading", name="Members (9)")).to_be_visible()
    alice = page.locator('[data-member="alice.archer@example.org"]')
    expect(alice).to_contain_text("Matches the rules: Role: Prevent lead")
    expect(alice).to_contain_text("Gets: Quarterly newsletter")
    left_out = page.locator('[data-excluded="ben.bhatt@example.org"]')
    expect(left_out).to_contain_text("Removed by hand")
    assert_accessible(page, "segment members and people left out")

    page.get_by_role("link", name="Open them in the contact list").click()
    expect(page.get_by_role("link", name="Alice Archer")).to_be_visible()
    expect(page.get_by_role("link", name="Ben Bhatt")).to_have_count(0)
    expect(page.get_by_role("link", name="Nadia Noor")).to_have_count(0)
    assert_accessible(page, "contact list filtered by segment")
