import pytest

from networks.models import Contact

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/networks/contact/"


def edit(contact_or_pk):
    return f"/admin/snippets/networks/contact/edit/{getattr(contact_or_pk, 'pk', contact_or_pk)}/"


def test_the_coordinator_sees_every_contact(client, coordinator, rugby_contact, warwick_contact):
    client.force_login(coordinator)

    html = client.get(LIST).content.decode()

    assert "Rosa Reyes" in html and "Quentin Quinn" in html
    assert client.get(edit(warwick_contact)).status_code == 200


def test_a_district_lead_sees_only_the_contacts_of_their_districts(
    client, district_lead, rugby_contact, warwick_contact
):
    client.force_login(district_lead)

    html = client.get(LIST).content.decode()

    assert "Rosa Reyes" in html
    assert "Quentin Quinn" not in html
    assert client.get(edit(rugby_contact)).status_code == 200


@pytest.mark.parametrize(
    "suffix", ["edit/{pk}/", "inspect/{pk}/", "history/{pk}/", "usage/{pk}/", "delete/{pk}/"]
)
def test_a_contact_outside_the_lead_s_districts_is_a_404_exactly_like_a_missing_one(
    client, district_lead, warwick_contact, suffix
):
    client.force_login(district_lead)

    outside = client.get(LIST + suffix.format(pk=warwick_contact.pk))
    missing = client.get(LIST + suffix.format(pk=999999))

    assert outside.status_code == missing.status_code == 404
    assert "Quentin" not in outside.content.decode()


def test_a_district_lead_cannot_edit_a_contact_outside_their_districts_by_post(
    client, district_lead, warwick_contact
):
    client.force_login(district_lead)

    response = client.post(edit(warwick_contact), {"first_name": "Mallory"})

    assert response.status_code == 404
    warwick_contact.refresh_from_db()
    assert warwick_contact.first_name == "Quentin"


def test_a_district_lead_files_new_contacts_in_their_own_districts_only(
    client, district_lead, rugby, warwick
):
    client.force_login(district_lead)

    response = client.post(
        "/admin/snippets/networks/contact/add/",
        {"first_name": "New", "email": "new@example.org", "districts": [warwick.pk]},
    )

    assert response.status_code == 200  # the form comes back with an error
    assert not Contact.objects.filter(email="new@example.org").exists()
    client.post(
        "/admin/snippets/networks/contact/add/",
        {"first_name": "New", "email": "new@example.org", "districts": [rugby.pk]},
    )
    assert Contact.objects.get(email="new@example.org").districts.get() == rugby


def test_a_district_lead_cannot_export_import_or_erase(client, district_lead, rugby_contact):
    client.force_login(district_lead)

    assert client.get(LIST + "?export=csv").status_code == 404
    assert client.get("/admin/directory/import/").status_code == 404
    assert client.post(f"/admin/directory/contacts/{rugby_contact.pk}/erase/").status_code == 404
    assert client.get("/admin/snippets/networks/segment/").status_code in (302, 403)
    rugby_contact.refresh_from_db()
    assert rugby_contact.erased_at is None


def test_a_district_lead_cannot_bulk_act_on_contacts_outside_their_districts(
    client, district_lead, rugby_contact, warwick_contact
):
    client.force_login(district_lead)

    client.post(
        f"/admin/bulk/networks/contact/archive/?id={rugby_contact.pk}&id={warwick_contact.pk}"
    )

    rugby_contact.refresh_from_db()
    warwick_contact.refresh_from_db()
    assert not rugby_contact.is_active
    assert warwick_contact.is_active


def test_an_editor_sees_none_of_the_directory(client, editor, rugby_contact):
    client.force_login(editor)

    assert client.get(LIST).status_code in (302, 403)
    assert client.get(edit(rugby_contact)).status_code in (302, 403, 404)
    assert "Directory" not in client.get("/admin/").content.decode()
    for url in [
        "/admin/directory/import/",
        "/admin/directory/duplicates/",
        "/admin/directory/review/",
        f"/admin/directory/contacts/{rugby_contact.pk}/subject-access.json",
        f"/admin/directory/merge/{rugby_contact.pk}/{rugby_contact.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/admin/directory/segments/count/").status_code == 404


def test_an_outsider_without_admin_access_is_sent_to_log_in(client, outsider, rugby_contact):
    client.force_login(outsider)

    response = client.get(LIST)

    assert response.status_code in (302, 403)
    assert "Rosa" not in response.content.decode()
