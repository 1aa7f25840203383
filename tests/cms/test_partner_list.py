"""The public partner list: organisations and public networks by district, never a person."""

import pytest

from cms.models import PartnerListPage
from networks.models import Contact, District, Network, NetworkMembership, Organisation


@pytest.fixture
def partners(demo_site):
    rugby = District.objects.get(name="Rugby")
    network = Network.objects.create(name="Rugby community Prevent network", district=rugby)
    Network.objects.create(name="Rugby tension triage group", district=rugby, is_public=False)
    Network.objects.create(name="County faith leaders forum", district=None)
    contact = Contact.objects.create(
        first_name="Priya",
        last_name="Private",
        email="priya.private@example.org",
        phone="07700 900123",
    )
    NetworkMembership.objects.create(network=network, contact=contact, role="chair")
    Organisation.objects.filter(name="Rugby Borough Council").update(
        website="https://example.org/rbc"
    )
    return PartnerListPage.objects.get().url


def test_organisations_and_public_networks_are_listed_under_their_district(client, partners):
    html = client.get(partners).content.decode()
    rugby = html.split('<h2 id="rugby-heading">Rugby</h2>')[1].split("</section>")[0]

    assert '<a href="https://example.org/rbc">Rugby Borough Council</a>' in rugby
    assert "Rugby community Prevent network" in rugby
    assert "University Hospitals Coventry and Warwickshire NHS Trust" in rugby
    assert "Across the whole area" in html and "County faith leaders forum" in html


def test_no_personal_data_and_no_private_network_is_shown(client, partners):
    html = client.get(partners).content.decode()

    assert "Rugby tension triage group" not in html
    for private in ("Priya", "Private", "priya.private@example.org", "07700", "chair"):
        assert private not in html
