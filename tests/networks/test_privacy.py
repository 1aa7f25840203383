import json

import pytest
from django.apps import apps
from django.core import serializers

from networks.actions import erase_contact, request_subscription
from networks.models import ConsentEvent, Contact, NetworkMembership, Suppression
from networks.segments import resolve_segments
from tests.networks.factories import NetworkFactory, OrganisationFactory, SegmentFactory, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(rugby, django_capture_on_commit_callbacks):
    # The request is applied by a task enqueued on commit; run it as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        request_subscription(
            email="priya.patel@example.org",
            first_name="Priyanka",
            last_name="Patelworth",
            organisation_name="Warwick Faiths Forum",
            district_ids=[rugby.pk],
            topics=["newsletter"],
            ip="203.0.113.77",
        )
    contact = Contact.objects.get()
    contact.phone = "07700 900123"
    contact.notes = "Met at the WRAP session in Leamington"
    contact.organisation = OrganisationFactory(name="Rugby Borough Council")
    contact.save()
    contact.roles.add(role("prevent-lead"))
    contact.tags.add("wrap-trainer")
    NetworkMembership.objects.create(
        network=NetworkFactory(name="Rugby Network"), contact=contact, role="Chair Priyanka"
    )
    return contact


def test_a_subject_access_export_holds_everything_about_the_contact(client, coordinator, priya):
    client.force_login(coordinator)

    response = client.get(f"/admin/directory/contacts/{priya.pk}/subject-access.json")

    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["contact"]["email"] == "priya.patel@example.org"
    assert data["contact"]["phone"] == "07700 900123"
    assert data["contact"]["roles"] == ["Prevent lead"]
    assert data["contact"]["tags"] == ["wrap-trainer"]
    assert data["subscriptions"] == [
        {
            "topic": "newsletter",
            "status": "pending",
            "updated_at": data["subscriptions"][0]["updated_at"],
        }
    ]
    assert data["consent_history"][0]["ip_address"] == "203.0.113.77"
    assert data["network_memberships"][0]["network"] == "Rugby Network"
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        action="networks.contact.subject_access_exported", user=coordinator
    ).exists()


def test_erasure_leaves_no_personal_data_anywhere_in_the_database(client, coordinator, priya):
    client.force_login(coordinator)
    client.get(f"/admin/snippets/networks/contact/edit/{priya.pk}/")  # an audit trail exists

    response = client.post(f"/admin/directory/contacts/{priya.pk}/erase/")

    assert response.status_code == 302
    dump = "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions",)
    )
    for personal in [
        "Priyanka",
        "Patelworth",
        "07700 900123",
        "Leamington",
        "Warwick Faiths Forum",
        "203.0.113.77",
        "Chair Priyanka",
    ]:
        assert personal not in dump, personal
    # The address survives only on the suppression list, so it is never mailed again.
    assert dump.count("priya.patel@example.org") == 1
    assert Suppression.objects.get(email="priya.patel@example.org").reason == "erased"


def test_erasure_keeps_the_counts_and_the_address_can_never_be_mailed_again(
    priya, rugby, django_capture_on_commit_callbacks
):
    segment = SegmentFactory(rules={"districts": [rugby.pk]})

    erase_contact(priya)

    priya.refresh_from_db()
    assert Contact.objects.count() == 1
    assert priya.erased_at is not None
    assert list(priya.districts.all()) == [rugby]
    assert priya.memberships.count() == 1
    assert priya.consent_events.filter(action="requested").exists()
    assert priya.consent_events.filter(source=ConsentEvent.Source.ERASURE).exists()
    assert list(resolve_segments([segment], "newsletter")) == []
    # Subscribing again from the public form sends nothing to the erased address.
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_subscription(
            email="Priya.Patel@example.org", first_name="P", district_ids=[], topics=["newsletter"]
        )
    assert mail.outbox == []


def test_erasing_twice_changes_nothing_more(priya):
    erase_contact(priya)
    events = ConsentEvent.objects.count()

    erase_contact(priya)

    assert ConsentEvent.objects.count() == events


def test_an_erased_contact_no_longer_appears_in_the_directory(client, coordinator, priya):
    erase_contact(priya)
    client.force_login(coordinator)

    html = client.get("/admin/snippets/networks/contact/").content.decode()

    assert f"erased-{priya.pk}@erased.invalid" not in html
