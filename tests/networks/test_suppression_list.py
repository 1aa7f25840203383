"""The suppression list in the admin: adding and removing an address by hand goes through the
same actions as a bounce, leaves a log entry, and the sending engine obeys it at once."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from networks.models import Suppression
from sending.engine import send_to_contacts
from sending.models import Delivery
from tests.networks.factories import ContactFactory
from tests.support.sending import CONTENT

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/networks/suppression/"


@pytest.fixture
def priya(db):
    return ContactFactory(
        first_name="Priya", email="priya.patel@example.org", topics=["newsletter"]
    )


def mailed(contact, capture):
    """Whether the engine mails `contact` now (one send to them alone)."""
    mail.outbox.clear()
    with capture(execute=True):
        send = send_to_contacts(CONTENT, [contact], "newsletter")
    delivery = Delivery.objects.get(send=send)
    return delivery.state != Delivery.State.FAILED and len(mail.outbox) == 1


def entries(action):
    return ModelLogEntry.objects.filter(action=action)


def test_adding_an_address_by_hand_logs_it_and_the_engine_then_refuses_it(
    client, coordinator, priya, django_capture_on_commit_callbacks
):
    assert mailed(priya, django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    response = client.post(
        ADMIN + "add/", {"email": "Priya.Patel@Example.org ", "reason": "manual", "detail": ""}
    )

    assert response.status_code == 302
    suppression = Suppression.objects.get()
    assert suppression.email == "priya.patel@example.org"
    added = entries("networks.suppression.added").get()
    assert added.user == coordinator and added.object_id == str(suppression.pk)
    # The audit trail names the row by number, never by address.
    assert "priya" not in added.label.lower()
    assert entries("networks.address.suppressed").get().object_id == str(priya.pk)
    assert priya.consent_events.filter(action="suppressed", source="admin").count() == 1
    assert not mailed(priya, django_capture_on_commit_callbacks)


def test_removing_an_address_by_hand_logs_it_and_the_engine_then_mails_it_again(
    client, coordinator, priya, django_capture_on_commit_callbacks
):
    suppression = Suppression.objects.create(email=priya.email, reason="hard_bounce")
    assert not mailed(priya, django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    response = client.post(f"{ADMIN}delete/{suppression.pk}/")

    assert response.status_code == 302
    assert not Suppression.objects.exists()
    removed = entries("networks.suppression.removed").get()
    assert removed.user == coordinator and removed.deleted
    assert entries("networks.address.unsuppressed").get().user == coordinator
    assert priya.consent_events.filter(action="unsuppressed").count() == 1
    assert mailed(priya, django_capture_on_commit_callbacks)


def test_the_bulk_delete_of_the_list_removes_each_address_through_the_action(
    client, coordinator, priya
):
    rows = [
        Suppression.objects.create(email=priya.email, reason="hard_bounce"),
        Suppression.objects.create(email="stranger@example.org", reason="complaint"),
    ]
    client.force_login(coordinator)
    url = "/admin/bulk/networks/suppression/delete/?" + "&".join(f"id={s.pk}" for s in rows)

    response = client.post(url)

    assert response.status_code == 302
    assert not Suppression.objects.exists()
    assert entries("networks.suppression.removed").count() == 2
    assert {e.user for e in entries("networks.suppression.removed")} == {coordinator}


def test_an_address_on_the_list_cannot_be_edited_in_place(client, coordinator, priya):
    suppression = Suppression.objects.create(email=priya.email, reason="hard_bounce")
    client.force_login(coordinator)

    listing = client.get(ADMIN).content.decode()
    response = client.post(
        f"{ADMIN}edit/{suppression.pk}/", {"email": "someone.else@example.org", "reason": "manual"}
    )

    assert f"{ADMIN}edit/{suppression.pk}/" not in listing
    assert f"{ADMIN}inspect/{suppression.pk}/" in listing
    assert response.status_code in (302, 403)
    assert Suppression.objects.get().email == priya.email


def test_a_district_lead_cannot_add_or_remove_an_address(client, district_lead, priya):
    suppression = Suppression.objects.create(email=priya.email, reason="hard_bounce")
    client.force_login(district_lead)

    added = client.post(ADMIN + "add/", {"email": "x@example.org", "reason": "manual"})
    removed = client.post(f"{ADMIN}delete/{suppression.pk}/")

    assert added.status_code in (302, 403) and removed.status_code in (302, 403)
    assert list(Suppression.objects.values_list("email", flat=True)) == [priya.email]
    assert not ModelLogEntry.objects.filter(action__startswith="networks.suppression").exists()
