"""The materials library: filters, search, review reminders and the overdue report."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms.models import Material, MaterialReviewReminder
from cms.tasks import send_material_review_reminders
from tests.cms.builders import make_material
from tests.support.people import make_person


@pytest.fixture
def library(demo_site):
    Material.objects.all().delete()
    make_material("Parents leaflet", audiences=["Parents"], topics=["Online safety"])
    make_material(
        "Employers briefing", audiences=["Employers"], topics=["Reporting"], fmt="briefing"
    )
    make_material(
        "Staff poster", audiences=["Staff", "Parents"], topics=["Reporting"], fmt="poster"
    )
    hidden = make_material("Withdrawn leaflet", audiences=["Parents"])
    hidden.listed = False
    hidden.save()
    return "/materials/"


def titles(response):
    html = response.content.decode()
    return sorted(
        t
        for t in ("Parents leaflet", "Employers briefing", "Staff poster", "Withdrawn leaflet")
        if f">{t}</a>" in html
    )


def test_the_library_lists_every_listed_material(client, library):
    response = client.get(library)

    assert titles(response) == ["Employers briefing", "Parents leaflet", "Staff poster"]
    assert "3 materials" in response.content.decode()


def test_a_parent_filters_by_audience(client, library):
    assert titles(client.get(library, {"audience": "parents"})) == [
        "Parents leaflet",
        "Staff poster",
    ]


def test_filters_combine_audience_topic_and_format(client, library):
    response = client.get(
        library, {"audience": "parents", "topic": "reporting", "format": "poster"}
    )

    assert titles(response) == ["Staff poster"]
    assert "1 material<" in response.content.decode()


def test_nothing_matching_says_so_and_offers_everything(client, library):
    html = client.get(library, {"audience": "employers", "format": "poster"}).content.decode()

    assert "No materials match these filters." in html
    assert 'href="/materials/">Show all materials' in html


def test_an_unknown_filter_value_is_explained_and_linked_to_its_field(client, library):
    response = client.get(library, {"audience": "aliens"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem with the filters" in html
    assert 'href="#id_audience"' in html
    assert titles(response) == ["Employers briefing", "Parents leaflet", "Staff poster"]


def test_search_finds_a_page_and_a_document(client, library):
    html = client.get("/search/", {"q": "employers"}).content.decode()

    assert "Employers briefing</a>" in html
    assert "/documents/" in html.split("Employers briefing</a>")[0].rsplit("<a", 1)[1]

    html = client.get("/search/", {"q": "Channel"}).content.decode()
    assert '<a href="/prevent-and-channel/">Prevent and the Channel process</a>' in html


def test_search_finds_a_document_by_its_document_title(client, library):
    material = Material.objects.get(title="Staff poster")
    material.document.title = "Noticeboard artwork"
    material.document.save()
    material.save()  # reindex

    html = client.get("/search/", {"q": "noticeboard"}).content.decode()

    assert "Staff poster</a>" in html


def test_search_leaves_out_unlisted_materials_and_unpublished_pages(client, library):
    from wagtail.models import Page

    Page.objects.get(slug="glossary").specific.unpublish()

    assert "Withdrawn leaflet" not in client.get("/search/", {"q": "withdrawn"}).content.decode()
    assert (
        "/glossary/"
        not in client.get("/search/", {"q": "glossary"})
        .content.decode()
        .split('id="main"')[1]
        .split("</main>")[0]
    )


def test_an_empty_search_asks_for_words_rather_than_listing_everything(client, library):
    html = client.get("/search/", {"q": "   "}).content.decode()

    assert "result" not in html.split('id="main"')[1].split("</main>")[0]


# --- Review reminders -----------------------------------------------------------------------


@pytest.fixture
def owner(django_user_model):
    return make_person(
        "olive", email="olive.owner@example.org", first_name="Olive", last_name="Owner"
    )


def test_the_owner_is_reminded_once_when_the_review_date_arrives(
    db, demo_site, owner, settings, django_capture_on_commit_callbacks
):
    Material.objects.all().delete()
    due = make_material("Parents leaflet", owner=owner, review_in_days=0)
    make_material("Fresh leaflet", owner=owner, review_in_days=5)

    with django_capture_on_commit_callbacks(execute=True):
        send_material_review_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        send_material_review_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olive.owner@example.org"]
    assert message.subject == "Review due: Parents leaflet"
    assert "Hello Olive" in message.body
    assert f"/admin/snippets/cms/material/edit/{due.pk}/" in message.body
    assert "/admin/reports/materials-due-for-review/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "“Parents leaflet”" in html
    assert f'href="{settings.SITE_URL}/admin/snippets/cms/material/edit/{due.pk}/"' in html
    assert MaterialReviewReminder.objects.get().review_by == due.review_by
    assert ModelLogEntry.objects.filter(action="cms.material.review_reminder_sent").count() == 1


def test_a_new_review_date_gets_its_own_reminder(
    db, demo_site, owner, django_capture_on_commit_callbacks
):
    Material.objects.all().delete()
    material = make_material("Parents leaflet", owner=owner, review_in_days=-1)
    with django_capture_on_commit_callbacks(execute=True):
        send_material_review_reminders()

    material.review_by = timezone.localdate()
    material.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_material_review_reminders()

    assert len(mail.outbox) == 2


def test_no_reminder_goes_out_without_an_owner_and_nothing_is_recorded(
    db, demo_site, django_capture_on_commit_callbacks
):
    Material.objects.all().delete()
    make_material("Orphan leaflet", owner=None, review_in_days=-2)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_material_review_reminders() == 0
    assert mail.outbox == []
    assert not MaterialReviewReminder.objects.exists()


def test_a_reminder_the_provider_refuses_is_kept_visible_and_sent_on_retry(
    db, demo_site, owner, settings, django_capture_on_commit_callbacks
):
    from sending.engine import retry_failed
    from sending.models import Delivery

    Material.objects.all().delete()
    make_material("Parents leaflet", owner=owner, review_in_days=0)
    settings.EMAIL_BACKEND = "tests.support.sending.BrokenMailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        assert send_material_review_reminders() == 1
    delivery = Delivery.objects.get(email=owner.email)
    assert delivery.state == "failed" and "provider unreachable" in delivery.last_error
    with django_capture_on_commit_callbacks(execute=True):
        assert send_material_review_reminders() == 0  # recorded once: the engine owns the retry

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        retry_failed(delivery.send)
    assert [m.subject for m in mail.outbox] == ["Review due: Parents leaflet"]


def test_the_reminder_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["material-review-reminders"]

    assert entry["task"] == "cms.send_material_review_reminders"
    assert entry["schedule"] <= 24 * 60 * 60


# --- The overdue report ---------------------------------------------------------------------


def test_the_coordinator_sees_overdue_materials_in_the_admin_report(
    client, demo_site, coordinator, owner
):
    Material.objects.all().delete()
    make_material("Overdue leaflet", owner=owner, review_in_days=-7)
    make_material("Due today poster", owner=None, review_in_days=0)
    make_material("Current briefing", owner=owner, review_in_days=7)
    client.force_login(coordinator)

    html = client.get("/admin/reports/materials-due-for-review/").content.decode()

    assert "Materials due for review" in html
    assert "Overdue leaflet" in html and "Olive Owner" in html
    assert "Due today poster" in html and "No owner" in html
    assert "Current briefing" not in html
    assert html.index("Overdue leaflet") < html.index("Due today poster")


def test_the_overdue_report_exports_a_spreadsheet(client, demo_site, coordinator, owner):
    Material.objects.all().delete()
    make_material("Overdue leaflet", owner=owner, review_in_days=-7)
    client.force_login(coordinator)

    response = client.get("/admin/reports/materials-due-for-review/", {"export": "csv"})

    body = b"".join(response.streaming_content if response.streaming else [response.content])
    assert b"Overdue leaflet" in body
    assert (timezone.localdate() - datetime.timedelta(days=7)).isoformat().encode() in body


def test_an_outsider_cannot_see_the_overdue_report(client, demo_site, outsider):
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    response = client.get("/admin/reports/materials-due-for-review/")

    assert response.status_code in (302, 403)
    assert b"Overdue" not in response.content


def test_seeded_demo_materials_include_overdue_ones_with_an_owner(demo_site):
    call_command("seed_demo", verbosity=0)

    overdue = Material.objects.review_due()
    assert overdue.count() == 2
    assert all(m.owner.email == "editor@example.org" for m in overdue)
