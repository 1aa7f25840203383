"""A contact's page in the directory shows their training: each completion's level, date,
whether it is in date and when it expires, their current level and the reminders sent; only to
staff who may see the contact."""

import datetime as dt
from html import unescape

import pytest

from learning.currency import add_years, today
from learning.models import RefresherReminder
from tests.support.learning import completion, district, organisation, person
from tests.support.people import make_district_lead

pytestmark = pytest.mark.django_db


def inspect(contact):
    return f"/admin/snippets/networks/contact/inspect/{contact.pk}/"


@pytest.fixture
def wendy():
    rugby = district("Rugby")
    council = organisation("Rugby Borough Council", districts=[rugby])
    contact = person("Wendy", "Worker", organisation=council, districts=[rugby])
    now = today()
    old = completion(1, add_years(now, -4), contact=contact, organisation=council)
    wrap = completion(2, now - dt.timedelta(days=30), contact=contact, course="WRAP, Rugby")
    RefresherReminder.objects.create(
        completion=old,
        contact=contact,
        level=1,
        completed_on=old.completed_on,
        expires_on=add_years(old.completed_on, 3),
        threshold_days=14,
    )
    return {"contact": contact, "old": old, "wrap": wrap, "rugby": rugby}


def test_the_contact_page_shows_each_completion_in_date_or_expired(wendy, client, coordinator):
    client.force_login(coordinator)

    html = unescape(client.get(inspect(wendy["contact"])).content.decode())

    wrap, old = wendy["wrap"], wendy["old"]
    wrap_ends = add_years(wrap.completed_on, 3)
    assert '<h2 id="training">Training</h2>' in html
    current = "Current level: Level 2: WRAP face-to-face workshop, in date until"
    assert f"{current} {wrap_ends:%-d %B %Y}" in html
    row = html.split(f'data-completion="{wrap.pk}"')[1].split("</tr>")[0]
    assert "WRAP, Rugby" in row and "In date" in row and f"{wrap_ends:%-d %B %Y}" in row
    row = html.split(f'data-completion="{old.pk}"')[1].split("</tr>")[0]
    assert "Level 1: e-learning" in row and "Expired" in row
    assert '<th scope="col">Certificate</th>' in html
    assert "14 days before it expired on" in html


def test_a_contact_without_training_says_so(client, coordinator):
    nobody = person("Nora", "None")
    client.force_login(coordinator)

    assert "No training recorded." in client.get(inspect(nobody)).content.decode()


def test_a_district_lead_of_another_district_sees_neither_the_contact_nor_their_training(
    wendy, client
):
    client.force_login(make_district_lead([district("Warwick")], username="warwick.lead"))

    response = client.get(inspect(wendy["contact"]))

    assert response.status_code == 404
    assert "WRAP, Rugby" not in response.content.decode()
