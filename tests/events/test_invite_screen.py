"""The invitation's confirm page lists who will be invited (name, organisation, district, the
segments naming them) and who is left out and why, searchable and as a CSV; after confirming,
the coordinator lands on the invitation send's report, and the list is exactly its deliveries.
A district lead allowed to run events is listed only the people of their districts."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from networks.models import District, Segment, Suppression
from sending.models import Send
from tests.support.audience import left_out, listed
from tests.support.events import invite, person
from tests.support.people import make_district_lead

pytestmark = pytest.mark.django_db


def url(event, rest=""):
    return f"/admin/events/{event.pk}/invite/{rest}"


@pytest.fixture
def warwick(event):
    """Five people in Warwick, in the "Warwick" segment: Priya and Omar will be invited; Nina
    takes no invitations, Sam's address bounced, Lena is invited already."""
    district = District.objects.create(name="Warwick")
    people = {
        "priya": person("Priya", "Lead"),
        "omar": person("Omar", "Lead"),
        "nina": person("Nina", "Lead", topics=("newsletter",)),
        "sam": person("Sam", "Bounced"),
        "lena": person("Lena", "Lead"),
    }
    for contact in people.values():
        contact.districts.add(district)
    Suppression.objects.create(email=people["sam"].email, reason="hard_bounce")
    invite(event, people["lena"])
    segment = Segment.objects.create(name="Warwick", rules={"districts": [district.pk]})
    return segment, people


def test_the_confirm_page_lists_exactly_who_is_then_invited_and_lands_on_the_report(
    client, coordinator, event, warwick, django_capture_on_commit_callbacks
):
    segment, people = warwick
    client.force_login(coordinator)

    page = client.post(url(event), {"segments": [segment.pk]})
    html = page.content.decode()
    carried = dict(page.context["carried"])
    assert "This will invite <strong>2 people</strong>" in html
    assert listed(html) == ["omar.lead@example.org", "priya.lead@example.org"]
    assert left_out(html) == [
        "1 person: suppressed (an address that bounced, complained or was blocked)",
        "1 person: not subscribed to the topic (never, or not yet confirmed)",
        "1 person: already invited (or registered themselves)",
    ]
    assert "1 person already holds an invitation to this event" in html
    row = html.split("<td>priya.lead@example.org</td>", 1)[1].split("</tr>", 1)[0]
    assert "Warwick" in row  # district, and the segment naming her

    confirm = {"segments": [segment.pk], "confirm": "1", **carried}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url(event), confirm)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url(event), confirm)  # the same form posted twice

    send = Send.objects.get(kind="invitation")
    assert first.url == again.url == f"/admin/newsletters/sends/{send.pk}/"
    assert sorted(send.deliveries.values_list("email", flat=True)) == listed(html)
    assert len(mail.outbox) == 2


def test_the_list_is_searchable_and_downloadable(client, coordinator, event, warwick):
    segment, _people = warwick
    client.force_login(coordinator)

    found = client.post(url(event), {"segments": [segment.pk], "audience_q": "omar"})
    download = client.post(url(event), {"segments": [segment.pk], "audience_csv": "1"})

    assert listed(found.content.decode()) == ["omar.lead@example.org"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0] == ["Name", "Email", "Organisation", "Districts", "Segments"]
    assert [r[1] for r in rows[1:]] == ["omar.lead@example.org", "priya.lead@example.org"]
    assert rows[1][3:] == ["Warwick", "Warwick"]
    assert "no-store" in download["Cache-Control"]
    assert not Send.objects.exists()


def test_nobody_left_to_invite_has_no_confirm_button(client, coordinator, event, warwick):
    segment, people = warwick
    for name in ("priya", "omar"):
        invite(event, people[name])
    client.force_login(coordinator)

    html = client.post(url(event), {"segments": [segment.pk]}).content.decode()

    assert "Nobody would be invited" in html and 'name="confirm"' not in html


def test_a_district_lead_running_events_is_listed_only_their_districts_people(
    client, event, warwick
):
    """Who may see a contact is the directory's rule: a district lead sees their districts'
    people only. The invitation still goes to everyone; the others are counted, never named,
    searched or exported."""
    segment, people = warwick
    rugby = District.objects.create(name="Rugby")
    ruby = person("Ruby", "Rugby")
    ruby.districts.add(rugby)
    segment.rules = {"districts": [segment.rules["districts"][0], rugby.pk]}
    segment.save()
    lead = make_district_lead([rugby])
    lead.user_permissions.add(Permission.objects.get(codename="manage_events"))
    client.force_login(lead)

    html = client.post(url(event), {"segments": [segment.pk]}).content.decode()
    searched = client.post(url(event), {"segments": [segment.pk], "audience_q": "priya"})
    download = client.post(url(event), {"segments": [segment.pk], "audience_csv": "1"})

    assert "This will invite <strong>3 people</strong>" in html
    assert listed(html) == ["ruby.rugby@example.org"]
    assert "It also goes to 2 people outside your districts" in html
    assert "priya.lead@example.org" not in searched.content.decode()
    assert "Nobody it will go to matches “priya”" in searched.content.decode()
    exported = b"".join(download.streaming_content).decode()
    assert "ruby.rugby@example.org" in exported and "priya.lead" not in exported


def test_an_outsider_gets_nothing(client, outsider, event, warwick):
    segment, _people = warwick
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)

    answers = [
        client.post(url(event), {"segments": [segment.pk]}),
        client.post(url(event), {"segments": [segment.pk], "audience_csv": "1"}),
    ]

    assert {a.status_code for a in answers} <= {302, 404}  # no admin access, or not found
    assert not any(b"priya" in getattr(a, "content", b"") for a in answers)
