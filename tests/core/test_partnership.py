"""One accessor for the partnership's settings: the request's site, a given site or the default."""

import pytest
from django.core import mail
from django.test import RequestFactory
from wagtail.models import Page, Site

from core.models import PartnershipSettings
from core.partnership import partnership
from networks.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(db):
    """The default site (Warwickshire) and a second partnership on its own host (Coventry)."""
    root = Page.get_first_root_node()
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.create(hostname="coventry.example", port=80, root_page=root)
    PartnershipSettings.objects.update_or_create(
        site=default, defaults={"name": "Warwickshire Prevent Partnership"}
    )
    PartnershipSettings.objects.update_or_create(
        site=other, defaults={"name": "Coventry Prevent Partnership"}
    )
    return default, other


def test_a_request_gets_the_settings_of_the_site_it_was_made_to(two_sites):
    request = RequestFactory().get("/", HTTP_HOST="coventry.example")

    assert partnership(request).name == "Coventry Prevent Partnership"


def test_a_site_gets_its_own_settings_and_nothing_gets_the_default_sites(two_sites):
    default, other = two_sites

    assert partnership(other).name == "Coventry Prevent Partnership"
    assert partnership().name == "Warwickshire Prevent Partnership"


def test_with_no_site_at_all_the_defaults_are_returned_and_nothing_is_stored(db):
    Site.objects.all().delete()

    settings = partnership(RequestFactory().get("/"))

    assert settings.name == "Prevent Partnership" and settings.pk is None
    assert not PartnershipSettings.objects.exists()


def test_the_confirmation_email_names_the_partnership_of_the_site_subscribed_on(
    client, two_sites, django_capture_on_commit_callbacks
):
    district = District.objects.create(name="Coventry")
    data = {
        "email": "sam@example.org",
        "first_name": "Sam",
        "districts": [district.pk],
        "topics": ["newsletter"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/subscribe/", data, HTTP_HOST="coventry.example")

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Confirm your subscription to Coventry Prevent Partnership"
    assert "emails from Coventry Prevent Partnership" in message.alternatives[0][0]
