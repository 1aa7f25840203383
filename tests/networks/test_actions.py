"""The actions other apps (the sending engine's webhooks) call, and merging."""

import pytest

from networks.actions import merge_contacts, suppress_address, unsubscribe_contact
from networks.models import ConsentEvent, Contact, NetworkMembership, SegmentMember, Suppression
from networks.reports import find_duplicate_pairs
from tests.networks.factories import ContactFactory, NetworkFactory, SegmentFactory, role

pytestmark = pytest.mark.django_db


def test_suppressing_an_address_records_it_once_on_the_matching_contact():
    contact = ContactFactory(email="bounce@example.org", topics=["newsletter"])

    suppress_address("Bounce@Example.org ", Suppression.Reason.HARD_BOUNCE, "550 no such user")
    suppress_address("bounce@example.org", Suppression.Reason.HARD_BOUNCE, "again")

    assert Suppression.objects.get().email == "bounce@example.org"
    event = contact.consent_events.get(action="suppressed")
    assert event.source == ConsentEvent.Source.BOUNCE
    assert not Contact.objects.mailable().filter(pk=contact.pk).exists()


def test_suppressing_an_unknown_address_needs_no_contact():
    suppress_address("stranger@example.org", Suppression.Reason.COMPLAINT)

    assert Suppression.objects.filter(email="stranger@example.org").exists()


def test_unsubscribing_from_one_topic_or_all_is_idempotent():
    contact = ContactFactory(topics=["newsletter", "updates"])

    assert unsubscribe_contact(contact, "newsletter", ConsentEvent.Source.COMPLAINT) == [
        "newsletter"
    ]
    assert unsubscribe_contact(contact, "newsletter", ConsentEvent.Source.COMPLAINT) == []
    assert unsubscribe_contact(contact, None, ConsentEvent.Source.UNSUBSCRIBE_LINK) == ["updates"]
    assert contact.consent_events.filter(action="unsubscribed").count() == 2


def test_merging_keeps_memberships_subscriptions_and_history_of_both(client, coordinator, rugby):
    keep = ContactFactory(
        first_name="Dev", last_name="Desai", email="dev@council.example", topics=["newsletter"]
    )
    other = ContactFactory(
        first_name="Dev",
        last_name="Desai",
        email="dev.desai@home.example",
        districts=[rugby],
        roles=[role("prevent-lead")],
        topics=["events"],
    )
    other.phone = "01926 000000"
    other.save()
    other.tags.add("wrap-trainer")
    NetworkMembership.objects.create(network=NetworkFactory(), contact=other, role="chair")
    SegmentMember.objects.create(segment=SegmentFactory(), contact=other)
    client.force_login(coordinator)

    assert find_duplicate_pairs() == [(keep, other, "same name")]
    response = client.post(f"/admin/directory/merge/{keep.pk}/{other.pk}/", {"keep": keep.pk})

    assert response.status_code == 302
    assert not Contact.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert keep.phone == "01926 000000"
    assert list(keep.districts.all()) == [rugby]
    assert list(keep.roles.all()) == [role("prevent-lead")]
    assert list(keep.tags.names()) == ["wrap-trainer"]
    assert keep.memberships.get().role == "chair"
    assert keep.segment_rows.count() == 1
    assert dict(keep.subscriptions.values_list("topic", "status")) == {
        "newsletter": "subscribed",
        "events": "subscribed",
    }
    assert keep.consent_events.filter(action="subscribed").count() == 2
    assert keep.consent_events.filter(source=ConsentEvent.Source.MERGE).exists()
    assert find_duplicate_pairs() == []


def test_a_contact_cannot_be_merged_with_itself():
    contact = ContactFactory()

    with pytest.raises(ValueError):
        merge_contacts(contact, contact)


def test_the_membership_review_finds_authorities_without_a_lead_and_thin_networks(
    client, coordinator, demo_site
):
    client.force_login(coordinator)

    html = client.get("/admin/directory/review/").content.decode()

    # The demo has no Prevent lead for Pupil referral units, and thin district networks.
    missing = html.split("data-missing-lead")[1].split("</ul>")[0]
    assert "Pupil referral units" in missing
    assert "Rugby Borough Council" not in missing
    assert "Thin" in html
    assert "Education and childcare" in html
