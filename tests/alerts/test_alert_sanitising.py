"""Alert rich text is sanitised when it is stored and again when the page is rendered: scripts,
event handlers and code links never reach a partner's browser."""

import re

import pytest

from alerts.models import AlertPage

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Stickers<script>alert(1)</script> near '
    '<a href="javascript:alert(2)">schools</a> <img src=x onerror="alert(3)"></p>'
)


def assert_clean(html):
    lowered = html.lower()
    for needle in ("<script", "alert(", "onclick", "onerror", "javascript:", "<img"):
        assert needle not in lowered, needle


def test_hostile_html_is_cleaned_when_the_alert_is_saved(alert):  # noqa: F811
    alert.what_is_happening = HOSTILE
    alert.save_revision().publish()

    stored = AlertPage.objects.get(pk=alert.pk).what_is_happening
    assert_clean(stored)
    assert "Stickers" in stored and "schools</a>" in stored


def test_hostile_html_stored_directly_is_cleaned_when_rendered(client, alert):  # noqa: F811
    from networks.models import Contact
    from networks.partner_access import partner_link_url

    AlertPage.objects.filter(pk=alert.pk).update(what_is_happening=HOSTILE, look_out_for=HOSTILE)
    # A partner reads it through their personal link (no account, so no admin user bar).
    carys = Contact.objects.get(email="carys.clarke@example.org")
    opened = client.get(re.sub(r"^https?://[^/]+", "", partner_link_url(carys, alert.url)))
    assert opened.status_code == 302

    html = client.get(alert.url).content.decode()

    main = html.split("<h1>", 1)[1]
    assert_clean(main)
    assert "Stickers" in main and "schools</a>" in main


def test_internal_links_survive_the_cleaning(alert):  # noqa: F811
    index = alert.get_parent()
    alert.what_to_do = f'<p>See <a linktype="page" id="{index.pk}">all alerts</a>.</p>'
    alert.save()

    assert f'linktype="page" id="{index.pk}"' in AlertPage.objects.get(pk=alert.pk).what_to_do
