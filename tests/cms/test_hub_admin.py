"""Editors keep the hub current from Wagtail's admin, without a developer."""

import pytest
from wagtail.models import Page

from cms.models import Material
from tests.support.people import make_person


@pytest.fixture
def editor(demo_site, django_user_model):
    return make_person("erin", "Content editors", email="erin.editor@example.org")


@pytest.mark.parametrize(
    "model",
    [
        "contentpage",
        "sectionindexpage",
        "reportconcernpage",
        "learningpackagepage",
        "partnerlistpage",
    ],
)
def test_an_editor_can_open_the_form_for_each_page_type(client, editor, model):
    home = Page.objects.get(slug="home")
    client.force_login(editor)

    response = client.get(f"/admin/pages/add/cms/{model}/{home.pk}/")

    assert response.status_code == 200


def test_an_editor_describes_a_material_in_the_library(client, editor):
    material = Material.objects.first()
    client.force_login(editor)

    assert client.get("/admin/snippets/cms/material/").status_code == 200
    response = client.get(f"/admin/snippets/cms/material/edit/{material.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Audiences", "Topics", "Format", "Owner", "Review by"):
        assert label in html
    assert client.get("/admin/reports/materials-due-for-review/").status_code == 200


def test_an_editor_edits_the_glossary(client, editor):
    client.force_login(editor)

    assert client.get("/admin/snippets/cms/acronym/").status_code == 200


def test_the_coordinator_edits_the_partnership_settings_with_footer_and_reporting_links(
    client, coordinator, demo_site
):
    client.force_login(coordinator)

    html = client.get(f"/admin/settings/core/partnershipsettings/{demo_site.pk}/").content.decode()

    assert "Community tension report url" in html or "community_tension_report_url" in html
    assert "footer_links" in html
