"""A segment shows who is in it and why, who is left out and why, as a page, a contact list
filter and a CSV export; all scoped like the contact list."""

import csv
import io
import re

import pytest
from wagtail.models import ModelLogEntry

from networks.actions import suppress_address
from networks.models import Organisation, SegmentMember, Subscription
from networks.organisations import unmatched_names
from networks.segments import resolve_segments
from tests.networks.factories import ContactFactory, OrganisationFactory, SegmentFactory, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(rugby, warwick):
    school = OrganisationFactory(name="Rugby School", sector="education")
    dsl = role("designated-safeguarding-lead")

    def person(first, districts=(rugby,), roles=(dsl,), organisation=school, **kwargs):
        contact = ContactFactory(
            first_name=first,
            districts=list(districts),
            roles=list(roles),
            topics=["newsletter"],
            **kwargs,
        )
        contact.organisation = organisation
        contact.save()
        return contact

    people = {
        "alice": person("Alice"),
        "ben": person("Ben", districts=[warwick]),
        "carys": person("Carys", roles=[], organisation=None),
        "dev": person("Dev"),
        "eve": person("Eve"),
        "fay": person("Fay", is_active=False),
        "gil": person("Gil"),
        "hal": person("Hal"),
        "ida": person("Ida", roles=[]),
    }
    people["dev"].tags.add("board")
    suppress_address(people["gil"].email, "hard_bounce")
    Subscription.objects.filter(contact=people["hal"]).update(status="unsubscribed")
    segment = SegmentFactory(
        name="School safeguarding leads",
        rules={"roles": [dsl.pk], "sectors": ["education"], "exclude": {"tags": ["board"]}},
    )
    SegmentMember.objects.create(segment=segment, contact=people["carys"], mode="include")
    SegmentMember.objects.create(segment=segment, contact=people["eve"], mode="exclude")
    return segment, people


def inspect_url(segment):
    return f"/admin/snippets/networks/segment/inspect/{segment.pk}/"


def rows(html, marker):
    """{email: text of its row} for the rows of one table of the page."""
    found = {}
    for match in re.finditer(rf'<tr {marker}="([^"]+)">(.*?)</tr>', html, re.S):
        found[match.group(1)] = re.sub(r"<[^>]+>", " ", match.group(2))
    return found


def test_the_inspect_page_lists_members_with_why_they_are_in(client, coordinator, world):
    segment, people = world
    client.force_login(coordinator)

    response = client.get(inspect_url(segment))

    assert response.status_code == 200
    members = rows(response.content.decode(), "data-member")
    assert set(members) == {people[n].email for n in ("alice", "ben", "carys", "fay", "gil", "hal")}
    assert (
        "Matches the rules: Role: Designated safeguarding lead; Sector: Education"
        in (members["alice@example.org"])
    )
    assert "Added by hand" in members["carys@example.org"]
    assert "Matches the rules" not in members["carys@example.org"]
    assert "Gets: Quarterly newsletter" in members["alice@example.org"]
    assert "Left out of every send: archived" in members["fay@example.org"]
    assert "Left out of every send: suppressed (Hard bounce)" in members["gil@example.org"]
    assert "unsubscribed from: Quarterly newsletter" in members["hal@example.org"]
    # What the page says a send does is what a send does.
    reached = {e for e, text in members.items() if "Gets: Quarterly newsletter" in text}
    assert reached == {c.email for c in resolve_segments([segment], "newsletter")}


def test_the_inspect_page_lists_who_is_left_out_and_why(client, coordinator, world):
    segment, people = world
    client.force_login(coordinator)

    excluded = rows(client.get(inspect_url(segment)).content.decode(), "data-excluded")

    assert set(excluded) == {"dev@example.org", "eve@example.org"}
    assert "Left out by the rule: Tag: board" in excluded["dev@example.org"]
    assert "Removed by hand" in excluded["eve@example.org"]


def test_the_member_list_is_paginated(client, coordinator, world, monkeypatch):
    segment, people = world
    monkeypatch.setattr("networks.views.segments.PER_PAGE", 4)
    client.force_login(coordinator)

    first = client.get(inspect_url(segment)).content.decode()
    second = client.get(inspect_url(segment) + "?page=2").content.decode()

    assert "Members (6)" in first and "Page 1 of 2." in first
    assert "Next page of members" in first
    on_first, on_second = set(rows(first, "data-member")), set(rows(second, "data-member"))
    assert len(on_first) == 4 and len(on_second) == 2 and not on_first & on_second


def test_a_district_lead_sees_only_the_members_of_their_districts(client, district_lead, world):
    segment, people = world
    client.force_login(district_lead)

    html = client.get(inspect_url(segment)).content.decode()

    assert "ben@example.org" not in html
    assert "alice@example.org" in rows(html, "data-member")
    assert "You see the members in your districts only." in html
    assert "Export members (CSV)" not in html


@pytest.mark.parametrize("who, status", [("editor", 404), ("outsider", 302)])
def test_anyone_else_sees_no_member_list(request, client, who, status, world):
    segment, _ = world
    client.force_login(request.getfixturevalue(who))

    response = client.get(inspect_url(segment))

    assert response.status_code == status
    assert b"alice@example.org" not in response.content


def test_a_missing_segment_is_a_404_like_any_other(client, coordinator, world):
    client.force_login(coordinator)

    assert client.get("/admin/snippets/networks/segment/inspect/999999/").status_code == 404


def test_the_contact_list_filters_by_segment(client, coordinator, district_lead, world):
    segment, people = world
    url = f"/admin/snippets/networks/contact/?segment={segment.pk}"
    client.force_login(coordinator)

    html = client.get(url).content.decode()

    shown = {n for n in people if f"{people[n].first_name} Example" in html}
    assert shown == {"alice", "ben", "carys", "fay", "gil", "hal"}

    client.force_login(district_lead)
    html = client.get(url).content.decode()
    assert "Ben Example" not in html and "Alice Example" in html


def test_the_members_export_as_formula_safe_csv_and_the_export_is_logged(
    client, coordinator, world
):
    segment, people = world
    people["alice"].first_name = '=HYPERLINK("http://evil")'
    people["alice"].save()
    client.force_login(coordinator)

    response = client.get(f"/admin/directory/segments/{segment.pk}/members.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0] == [
        "First name",
        "Last name",
        "Email",
        "Organisation",
        "Districts",
        "Why in",
        "Emails",
    ]
    by_email = {row[2]: row for row in table[1:]}
    assert set(by_email) == {
        people[n].email for n in ("alice", "ben", "carys", "fay", "gil", "hal")
    }
    assert by_email["alice@example.org"][0] == '\'=HYPERLINK("http://evil")'
    assert by_email["alice@example.org"][3] == "Rugby School"
    assert by_email["carys@example.org"][5] == "Added by hand"
    assert "archived" in by_email["fay@example.org"][6]
    entry = ModelLogEntry.objects.get(action="networks.segment.members_exported")
    assert entry.object_id == str(segment.pk) and entry.data == {"count": 6}


@pytest.mark.parametrize("who, status", [("district_lead", 404), ("editor", 404)])
def test_only_a_coordinator_exports_members(request, client, who, status, world):
    segment, _ = world
    client.force_login(request.getfixturevalue(who))

    response = client.get(f"/admin/directory/segments/{segment.pk}/members.csv")

    assert response.status_code == status
    assert not ModelLogEntry.objects.filter(action="networks.segment.members_exported").exists()


def test_the_segment_list_links_to_the_member_list(client, coordinator, world):
    segment, _ = world
    client.force_login(coordinator)

    html = client.get("/admin/snippets/networks/segment/").content.decode()

    assert inspect_url(segment) in html


# --- Subscribers a sector segment misses because their organisation is not matched ----------


def typed_organisation(first, district, roles, topics=("newsletter",), **kwargs):
    """A contact who typed an organisation that is not linked to the directory's."""
    return ContactFactory(
        first_name=first,
        districts=[district],
        roles=list(roles),
        topics=list(topics),
        organisation_name="Rugby Hig School",
        **kwargs,
    )


@pytest.fixture
def unmatched(world, rugby, warwick):
    segment, people = world
    dsl = role("designated-safeguarding-lead")
    missed = {
        "jo": typed_organisation("Jo", rugby, [dsl]),
        "kit": typed_organisation("Kit", warwick, [dsl]),
    }
    not_missed = {
        "lee": typed_organisation("Lee", rugby, []),  # not a safeguarding lead
        "mo": typed_organisation("Mo", rugby, [dsl], topics=()),  # subscribed to nothing
        "ned": typed_organisation("Ned", rugby, [dsl], is_active=False),
        "oz": typed_organisation("Oz", rugby, [dsl]),  # left out by the tag rule
        "pat": typed_organisation("Pat", rugby, [dsl]),  # removed by hand
        "quin": typed_organisation("Quin", rugby, [dsl]),  # added by hand: a member
    }
    not_missed["oz"].tags.add("board")
    SegmentMember.objects.create(segment=segment, contact=not_missed["pat"], mode="exclude")
    SegmentMember.objects.create(segment=segment, contact=not_missed["quin"], mode="include")
    suppressed = typed_organisation("Ros", rugby, [dsl])
    suppress_address(suppressed.email, "complaint")
    return segment, missed


def warning(html):
    found = re.search(r"<div [^>]*data-unmatched-warning>(.*?)</div>", html, re.S)
    return re.sub(r"\s+", " ", found.group(1)) if found else None


def test_a_sector_segment_warns_of_subscribers_it_misses_for_an_unmatched_organisation(
    client, coordinator, unmatched
):
    segment, missed = unmatched
    client.force_login(coordinator)

    html = client.get(inspect_url(segment)).content.decode()

    text = warning(html)
    assert "2 subscribed contacts are not in this segment only because the organisation" in text
    link = re.search(r'<a href="([^"]+)">Match their organisations</a>', text).group(1)
    assert link == "/admin/directory/organisations/unmatched/"
    screen = client.get(link).content.decode()
    assert 'data-unmatched-row="Rugby Hig School"' in screen
    assert "jo@example.org" not in rows(html, "data-member")


def test_matching_their_organisation_brings_them_in_and_ends_the_warning(
    client, coordinator, unmatched
):
    segment, missed = unmatched
    school = Organisation.objects.get(name="Rugby School")
    client.force_login(coordinator)
    key = next(g.key for g in unmatched_names() if g.label == "Rugby Hig School")

    client.post("/admin/directory/organisations/unmatched/", {"key": [key], "choice_0": school.pk})

    html = client.get(inspect_url(segment)).content.decode()
    assert warning(html) is None
    assert {"jo@example.org", "kit@example.org"} <= set(rows(html, "data-member"))


def test_a_district_lead_is_warned_of_their_districts_only_and_told_who_can_match(
    client, district_lead, unmatched
):
    segment, _ = unmatched
    client.force_login(district_lead)

    text = warning(client.get(inspect_url(segment)).content.decode())

    assert "1 subscribed contact in your districts is not in this segment only because" in text
    assert "A coordinator can match their organisations." in text
    assert "/organisations/unmatched/" not in text


def test_a_segment_without_a_sector_or_organisation_rule_has_no_warning(
    client, coordinator, unmatched
):
    _, missed = unmatched
    segment = SegmentFactory(rules={"roles": [role("designated-safeguarding-lead").pk]})
    client.force_login(coordinator)

    html = client.get(inspect_url(segment)).content.decode()

    assert warning(html) is None
    assert "jo@example.org" in rows(html, "data-member")


def test_an_organisation_rule_warns_like_a_sector_rule(client, coordinator, unmatched):
    school = Organisation.objects.get(name="Rugby School")
    segment = SegmentFactory(rules={"organisations": [school.pk]})
    client.force_login(coordinator)

    text = warning(client.get(inspect_url(segment)).content.decode())

    # Every other rule is empty, so everyone subscribed with an unmatched organisation fits:
    # Jo, Kit, Lee, Oz, Pat and Quin (not Mo: no topic; not Ned: archived; not Ros: suppressed).
    assert text.startswith(" <p> <strong>6 subscribed contacts are not in this segment")
