"""The routing rules screen shows who a new report of each district tells, as a submission does."""

from bs4 import BeautifulSoup
from django.core import mail

from alerts.models import RoutingRule
from tests.support.people import make_responder

from .helpers import make_report

SCREEN = "/admin/snippets/alerts/routingrule/"


def who_is_told(client) -> dict[tuple[str, str], list[str]]:
    """(district, kinds) -> the lines of its "who is told" cell, read off the screen."""
    response = client.get(SCREEN)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").find(id="who-is-told")
    assert table is not None, "no 'who is told' table on the routing rules screen"
    lines = {}
    for row in table.tbody.find_all("tr"):
        district = row.th.get_text(" ", strip=True)
        kinds_cell, told_cell = row.find_all("td")
        kinds = " ".join(kinds_cell.get_text(" ", strip=True).split())
        people = [" ".join(li.get_text(" ", strip=True).split()) for li in told_cell.find_all("li")]
        lines[(district, kinds)] = people
    return lines


def test_the_screen_lists_the_county_team_and_the_districts_responders_for_each_district(
    client, coordinator, demo_site, districts, police_officer, rugby_responder
):
    make_responder("warwick.responder", districts=[districts["Warwick"]])
    client.force_login(coordinator)

    lines = who_is_told(client)

    rule = "rule “Community tension: police Prevent team, urgent”"
    assert lines[("Rugby", "Community tension (urgent)")] == [
        f"Pat Officer (police.officer@example.org): {rule}",
        "Robin Responder (rugby.responder@example.org): responder of the district",
    ]
    assert lines[("Warwick", "Community tension (urgent)")] == [
        f"Pat Officer (police.officer@example.org): {rule}",
        "Warwick (warwick.responder@example.org): responder of the district",
    ]
    no_rule = "no rule matches: every responder who may see it"
    assert lines[("Rugby", "Any other kind")] == [
        f"Pat Officer (police.officer@example.org): {no_rule}",
        f"Robin Responder (rugby.responder@example.org): {no_rule}; responder of the district",
    ]
    assert lines[("No district given", "Community tension (urgent)")] == [
        f"Pat Officer (police.officer@example.org): {rule}"
    ]


def test_the_screen_tells_the_same_people_a_rugby_report_then_notifies(
    client,
    coordinator,
    demo_site,
    districts,
    police_officer,
    rugby_responder,
    django_capture_on_commit_callbacks,
):
    rule = RoutingRule.objects.create(name="Rugby venues: Robin", kind="venue", urgent=True)
    rule.districts.add(districts["Rugby"])
    rule.notify_users.add(rugby_responder)
    client.force_login(coordinator)

    listed = lines_for(who_is_told(client), "Rugby", "Concern about a venue or event booking")
    with django_capture_on_commit_callbacks(execute=True):
        make_report(district=districts["Rugby"], kind="venue")

    assert listed == [
        "Robin Responder (rugby.responder@example.org): rule “Rugby venues: Robin”; "
        "responder of the district"
    ]
    assert [m.to for m in mail.outbox] == [[rugby_responder.email]]


def lines_for(lines, district, kind):
    (people,) = [v for (d, kinds), v in lines.items() if d == district and kind in kinds]
    return people


def test_filtering_the_rules_list_still_works_without_the_table(client, coordinator, demo_site):
    client.force_login(coordinator)

    response = client.get(SCREEN + "results/", {"q": "tension"})

    assert response.status_code == 200
    assert b"Community tension: police Prevent team" in response.content
    assert b"who-is-told" not in response.content


def test_a_responder_does_not_get_the_routing_screen(client, demo_site, rugby_responder):
    client.force_login(rugby_responder)

    assert client.get(SCREEN).status_code in (302, 403, 404)
