"""A district lead's add-contact form answers the same whether the address is held outside
their districts or is new: it never tells them who is in the directory elsewhere, and asks the
coordinator to add the person to their district instead."""

from django.contrib.messages import get_messages
from wagtail.models import ModelLogEntry

from networks.models import Contact

ADD = "/admin/snippets/networks/contact/add/"


def _add(client, email, district, first="Sam", last="Lead-Typed"):
    response = client.post(
        ADD,
        {"first_name": first, "last_name": last, "email": email, "districts": [district.pk]},
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code == 302:
        client.get(response["Location"])  # shows (and so uses up) the message
    return response, said


def test_an_address_held_elsewhere_and_a_new_one_get_the_same_answer(
    client, district_lead, rugby, warwick_contact
):
    client.force_login(district_lead)
    form = client.get(ADD).content.decode()
    assert "ask the coordinator" in form or "asks the coordinator" in form

    held, held_messages = _add(client, warwick_contact.email.upper(), rugby)
    new, new_messages = _add(client, "brand.new@example.org", rugby)

    assert held.status_code == new.status_code == 302
    assert held["Location"] == new["Location"]
    assert held_messages == new_messages
    assert "coordinator has been asked to add them to your district" in held_messages[0]
    # The person held in Warwick is untouched and not shown to the Rugby lead.
    warwick_contact.refresh_from_db()
    assert list(warwick_contact.districts.values_list("name", flat=True)) == ["Warwick"]
    assert warwick_contact.last_name != "Lead-Typed"
    listing = client.get(held["Location"]).content.decode()
    assert warwick_contact.last_name not in listing and warwick_contact.email not in listing
    assert Contact.objects.filter(email="brand.new@example.org").exists()


def test_the_coordinator_sees_the_leads_request_on_the_contact(
    client, district_lead, coordinator, rugby, warwick_contact
):
    client.force_login(district_lead)
    _add(client, warwick_contact.email, rugby)

    entry = ModelLogEntry.objects.get(action="networks.contact.district_requested")
    assert entry.object_id == str(warwick_contact.pk)
    assert entry.user == district_lead and entry.data["districts"] == ["Rugby"]
    client.force_login(coordinator)
    history = client.get(f"/admin/snippets/networks/contact/history/{warwick_contact.pk}/")
    assert "District requested" in history.content.decode()


def test_a_duplicate_inside_the_leads_districts_is_reported_plainly(
    client, district_lead, rugby, rugby_contact
):
    client.force_login(district_lead)

    response, _ = _add(client, rugby_contact.email, rugby)

    assert response.status_code == 200
    assert "A contact in your districts already has this address." in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="networks.contact.district_requested").exists()


def test_the_coordinator_is_still_told_the_address_is_taken(
    client, coordinator, rugby, warwick_contact
):
    client.force_login(coordinator)

    response, _ = _add(client, warwick_contact.email, rugby)

    assert response.status_code == 200
    assert "Another contact already has this address." in response.content.decode()
