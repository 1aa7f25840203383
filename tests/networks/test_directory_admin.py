import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import (
    ConsentEvent,
    Contact,
    NetworkMembership,
    Segment,
    SegmentMember,
)
from tests.networks.factories import ContactFactory, NetworkFactory, SegmentFactory, role

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/networks/contact/"


def test_the_directory_can_be_searched_and_filtered(
    client, coordinator, rugby, rugby_contact, warwick_contact
):
    client.force_login(coordinator)
    warwick_contact.roles.add(role("prevent-lead"))
    warwick_contact.tags.add("wrap-trainer")
    ContactFactory(first_name="Tina", topics=["events"], districts=[rugby])

    def names(query):
        html = client.get(LIST + query).content.decode()
        return {n for n in ("Rosa", "Quentin", "Tina") if n in html}

    assert names("?q=quinn") == {"Quentin"}
    assert names(f"?district={rugby.pk}") == {"Rosa", "Tina"}
    assert names(f"?role={role('prevent-lead').pk}") == {"Quentin"}
    assert names("?topic=events") == {"Tina"}
    assert names("?tag=wrap-trainer") == {"Quentin"}


def test_the_directory_list_runs_a_fixed_number_of_queries_whatever_the_page_size(
    client, coordinator, rugby
):
    network = NetworkFactory()
    client.force_login(coordinator)

    def queries_for(n):
        Contact.objects.all().delete()
        for i in range(n):
            c = ContactFactory(first_name=f"P{i}", districts=[rugby], topics=["newsletter"])
            c.tags.add("t")
            c.roles.add(role("prevent-lead"))
            NetworkMembership.objects.create(network=network, contact=c)
        client.get(LIST)  # warm per-session caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    assert queries_for(3) == queries_for(40)


def test_the_csv_export_escapes_cells_that_would_run_as_formulas(client, coordinator, rugby):
    ContactFactory(
        first_name='=HYPERLINK("http://evil.example")',
        last_name="+1",
        email="formula@example.org",
        districts=[rugby],
    ).tags.add("@tag", "-minus")
    client.force_login(coordinator)

    response = client.get(LIST + "?export=csv")

    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    row = next(r for r in rows if r["Email"] == "formula@example.org")
    assert row["First name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Last name"] == "'+1"
    assert row["Tags"] == "'-minus, @tag"
    assert row["Districts"] == "Rugby"


def test_the_csv_export_escapes_full_width_and_small_formula_signs(client, coordinator, rugby):
    """＝ (full-width) and ﹢ (small) fold into = and + (NFKC) in spreadsheets and converters."""
    ContactFactory(
        first_name="＝1+1",
        last_name="﹢SUM(A1:A9)",
        email="wide@example.org",
        districts=[rugby],
    )
    ContactFactory(
        first_name="Ｍary", last_name="Plain", email="plain@example.org", districts=[rugby]
    )
    client.force_login(coordinator)

    response = client.get(LIST + "?export=csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    wide = next(r for r in rows if r["Email"] == "wide@example.org")
    plain = next(r for r in rows if r["Email"] == "plain@example.org")
    assert (wide["First name"], wide["Last name"]) == ("'＝1+1", "'﹢SUM(A1:A9)")
    assert plain["First name"] == "Ｍary"


def test_bulk_actions_tag_add_to_network_and_segment_and_archive(
    client, coordinator, rugby_contact, warwick_contact
):
    client.force_login(coordinator)
    ids = f"id={rugby_contact.pk}&id={warwick_contact.pk}"
    network = NetworkFactory(name="Prevent Working Group")
    segment = SegmentFactory(name="Static list")

    client.post(f"/admin/bulk/networks/contact/tag/?{ids}", {"tags": "pwg, 2026"})
    client.post(
        f"/admin/bulk/networks/contact/add_to_network/?{ids}",
        {"network": network.pk, "role": "member"},
    )
    client.post(f"/admin/bulk/networks/contact/add_to_segment/?{ids}", {"segment": segment.pk})
    client.post(f"/admin/bulk/networks/contact/archive/?id={warwick_contact.pk}")

    assert set(rugby_contact.tags.names()) == {"pwg", "2026"}
    assert set(network.members.all()) == {rugby_contact, warwick_contact}
    assert set(SegmentMember.objects.filter(segment=segment).values_list("mode", flat=True)) == {
        "include"
    }
    warwick_contact.refresh_from_db()
    assert not warwick_contact.is_active


def test_ticking_a_topic_in_the_admin_records_consent_from_the_admin(client, coordinator, rugby):
    client.force_login(coordinator)

    client.post(
        "/admin/snippets/networks/contact/add/",
        {
            "first_name": "Phone",
            "last_name": "Agreed",
            "email": "Phone.Agreed@Example.org",
            "districts": [rugby.pk],
            "topics": ["newsletter"],
            "is_active": "on",
        },
    )

    contact = Contact.objects.get(email="phone.agreed@example.org")
    assert contact.subscriptions.get().status == "subscribed"
    assert contact.consent_events.get().source == ConsentEvent.Source.ADMIN


def test_the_segment_editor_saves_rules_exclusions_and_manual_rows(
    client, coordinator, rugby, warwick, rugby_contact, warwick_contact
):
    client.force_login(coordinator)

    response = client.post(
        "/admin/snippets/networks/segment/add/",
        {
            "name": "Rugby leads",
            "districts": [rugby.pk],
            "roles": [role("prevent-lead").pk],
            "tags": "wrap, board ",
            "exclude_districts": [warwick.pk],
            "include_emails": warwick_contact.email.upper(),
            "exclude_emails": "",
        },
    )

    assert response.status_code == 302
    segment = Segment.objects.get(name="Rugby leads")
    assert segment.rules == {
        "districts": [rugby.pk],
        "roles": [role("prevent-lead").pk],
        "tags": ["wrap", "board"],
        "exclude": {"districts": [warwick.pk]},
    }
    assert list(segment.manual_members.values_list("contact__email", "mode")) == [
        (warwick_contact.email, "include")
    ]
    page = client.get(f"/admin/snippets/networks/segment/edit/{segment.pk}/").content.decode()
    assert warwick_contact.email in page
    assert "networks/js/segment-count.js" in page
    assert "data-segment-count" in page


def test_the_segment_editor_refuses_unknown_addresses(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/admin/snippets/networks/segment/add/",
        {"name": "Typo", "include_emails": "nobody@example.org"},
    )

    assert response.status_code == 200
    assert "Not in the directory: nobody@example.org" in response.content.decode()
    assert not Segment.objects.filter(name="Typo").exists()


def test_the_live_count_reflects_the_unsaved_rules(client, coordinator, rugby, rugby_contact):
    ContactFactory(first_name="Sub", districts=[rugby], topics=["newsletter"])
    client.force_login(coordinator)

    counts = client.post("/admin/directory/segments/count/", {"districts": [rugby.pk]}).json()
    excluded = client.post(
        "/admin/directory/segments/count/",
        {"districts": [rugby.pk], "exclude_emails": rugby_contact.email},
    ).json()

    assert counts["members"] == 2
    assert counts["by_topic"] == {"newsletter": 1, "updates": 0, "events": 0}
    assert excluded["members"] == 1


def test_saving_a_segment_logs_who_saved_it_and_its_members_follow_the_manual_rows(
    client, coordinator, rugby, rugby_contact, warwick_contact
):
    from wagtail.models import ModelLogEntry

    from networks.segments import segment_q

    def members(segment):
        return set(Contact.objects.filter(segment_q(segment)))

    client.force_login(coordinator)
    client.post(
        "/admin/snippets/networks/segment/add/",
        {
            "name": "Rugby",
            "districts": [rugby.pk],
            "include_emails": warwick_contact.email,
            "exclude_emails": "",
        },
    )
    segment = Segment.objects.get(name="Rugby")
    assert members(segment) == {rugby_contact, warwick_contact}

    response = client.post(
        f"/admin/snippets/networks/segment/edit/{segment.pk}/",
        {
            "name": "Rugby",
            "districts": [rugby.pk],
            "include_emails": "",
            "exclude_emails": rugby_contact.email,
        },
    )

    assert response.status_code == 302
    assert members(segment) == set()
    assert list(segment.manual_members.values_list("contact_id", "mode")) == [
        (rugby_contact.pk, "exclude")
    ]
    saved = ModelLogEntry.objects.filter(action="networks.segment.saved").order_by("pk")
    assert [e.user for e in saved] == [coordinator, coordinator]
    assert saved.last().data == {
        "rules": ["districts"],
        "excluding": [],
        "included_by_hand": 0,
        "excluded_by_hand": 1,
    }
    # Counts only: the log holds no address.
    assert rugby_contact.email not in str(saved.last().data)
