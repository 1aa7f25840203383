"""Builders of the alert-sending tests: an alert about Rugby, subscribers in Rugby and Warwick,
and segments naming them."""

import pytest
from django.contrib.auth.models import Permission

from alerts.models import AlertPage, AlertsIndexPage
from networks.models import Contact, Organisation, Segment, Subscription

TAG = "alert-test"


def make_alert(districts, title="Hostile stickers near Rugby station", slug="stickers-rugby"):
    index = AlertsIndexPage.objects.get()
    page = AlertPage(
        title=title,
        slug=slug,
        what_is_happening="<p>Stickers with a hateful slogan have appeared near the station.</p>",
        look_out_for="<p>New stickers, especially at bus stops.</p>",
        what_to_do="<p>Photograph and remove them.</p>",
        where_to_report="<p>Use the partnership's report page.</p>",
    )
    index.add_child(instance=page)
    page.districts.set(districts)
    page.save_revision().publish()
    return AlertPage.objects.get(pk=page.pk)


def subscriber(email, first_name, district, subscribed=True, partner=True):
    """A Prevent lead subscribed to alerts in `district`: of a partner organisation unless
    `partner` is False (a member of the public who signed up for updates)."""
    organisation = None
    if partner:
        organisation, _ = Organisation.objects.get_or_create(
            name=f"{district.name} Partner School", defaults={"is_partner": True}
        )
    contact = Contact.objects.create(
        email=email, first_name=first_name, last_name="Lead", organisation=organisation
    )
    contact.districts.add(district)
    contact.tags.add(TAG)
    Subscription.objects.create(
        contact=contact, topic="updates", status="subscribed" if subscribed else "unsubscribed"
    )
    return contact


def tagged_segment(name, districts=()):
    rules = {"tags": [TAG]}
    if districts:
        rules["districts"] = [d.pk for d in districts]
    return Segment.objects.create(name=name, rules=rules)


def grant_alert_sending(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="alerts", codename="can_send_alerts")
    )


@pytest.fixture
def alert(demo_site, districts):
    """A published alert about stickers near schools in Rugby."""
    index = AlertsIndexPage.objects.get()
    page = AlertPage(
        title="Stickers near schools in Rugby",
        slug="stickers-rugby",
        what_is_happening="<p>Stickers with a hateful slogan have appeared near two schools.</p>",
        look_out_for="<p>New stickers, especially at bus stops.</p>",
        what_to_do="<p>Photograph and remove them; tell the school's DSL.</p>",
        where_to_report="<p>Use the partnership's report page.</p>",
    )
    index.add_child(instance=page)
    page.districts.set([districts["Rugby"]])
    page.save_revision().publish()
    return AlertPage.objects.get(pk=page.pk)


@pytest.fixture
def people(districts):
    """Rosa and Reggie in Rugby, Wanda in Warwick only (all subscribed to alerts), and Ursula in
    Rugby who unsubscribed from them."""
    rugby, warwick = districts["Rugby"], districts["Warwick"]
    return {
        "rosa": subscriber("rosa@example.org", "Rosa", rugby),
        "reggie": subscriber("reggie@example.org", "Reggie", rugby),
        "wanda": subscriber("wanda@example.org", "Wanda", warwick),
        "ursula": subscriber("ursula@example.org", "Ursula", rugby, subscribed=False),
    }
