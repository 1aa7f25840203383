"""The contact list: its sort arrow matches its order; Archive is a first-rank bulk action and
nobody hard-deletes contacts (archive, or erase on request)."""

import re

import pytest

from networks.models import Contact
from tests.networks.factories import ContactFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/networks/contact/"


def _names(html):
    return list(dict.fromkeys(re.findall(r"(Ada Young|Zed Adams|Bea Miller)", html)))


def test_rows_are_in_last_name_order_and_the_name_column_shows_that_order(client, coordinator):
    for first, last, email in [
        ("Ada", "Young", "a@example.org"),
        ("Zed", "Adams", "z@example.org"),
        ("Bea", "Miller", "b@example.org"),
    ]:
        ContactFactory(first_name=first, last_name=last, email=email)
    client.force_login(coordinator)

    response = client.get(LIST)

    assert response.context["ordering"] == "last_name"
    columns = response.context["table"].columns.values()
    assert [c.sort_key for c in columns][0] == "last_name"
    assert _names(response.content.decode())[:3] == ["Zed Adams", "Bea Miller", "Ada Young"]
    reverse = client.get(LIST, {"ordering": "-last_name"}).content.decode()
    assert _names(reverse)[:3] == ["Ada Young", "Bea Miller", "Zed Adams"]


def test_archive_is_offered_first_and_delete_only_under_more(client, coordinator, rugby_contact):
    client.force_login(coordinator)

    html = client.get(LIST).content.decode()

    footer = html[html.index("data-bulk-action-footer") :]
    archive = footer.index("/admin/bulk/networks/contact/archive/")
    more = footer.index("More bulk actions")
    assert archive < more < footer.index("/admin/bulk/networks/contact/delete/")


@pytest.mark.parametrize("who", ["coordinator", "district_lead"])
def test_nobody_hard_deletes_a_contact_in_bulk(client, request, who, rugby_contact):
    client.force_login(request.getfixturevalue(who))

    client.post(f"/admin/bulk/networks/contact/delete/?id={rugby_contact.pk}")

    assert Contact.objects.filter(pk=rugby_contact.pk).exists()
