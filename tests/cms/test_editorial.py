"""Editors work through the moderation workflow; scheduled publishing and page history work."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import GlossaryPage
from cms.tasks import publish_scheduled
from tests.support.people import make_person


@pytest.fixture
def editor(demo_site, django_user_model):
    return make_person(
        "erin",
        "Content editors",
        email="erin.editor@example.org",
        first_name="Erin",
        last_name="Editor",
    )


@pytest.fixture
def approver(demo_site, django_user_model):
    return make_person(
        "ash",
        "Content approvers",
        email="ash.approver@example.org",
        first_name="Ash",
        last_name="Approver",
    )


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()


def test_an_editor_without_publish_permission_cannot_publish(client, editor):
    page = GlossaryPage.objects.get()
    client.force_login(editor)
    data = edit_form(client, page)
    data["title"] = "Glossary (changed by an editor)"
    data["action-publish"] = "action-publish"

    client.post(f"/admin/pages/{page.pk}/edit/", data)

    page.refresh_from_db()
    assert page.title == "Glossary"  # the live page is unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Glossary (changed by an editor)"
    assert not page.permissions_for_user(editor).can_publish()
    client.logout()
    assert "changed by an editor" not in client.get("/glossary/").content.decode()


def test_an_editor_submits_for_approval_and_an_approver_publishes(client, editor, approver):
    page = GlossaryPage.objects.get()
    client.force_login(editor)
    data = edit_form(client, page)
    data["title"] = "Glossary of terms"
    data["action-submit"] = "action-submit"
    client.post(f"/admin/pages/{page.pk}/edit/", data)

    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.workflow.name == "Content approval"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.title != "Glossary of terms"

    client.force_login(approver)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "Looks right."},
    )
    assert response.status_code in (200, 302)

    page.refresh_from_db()
    assert page.live and page.title == "Glossary of terms"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_the_content_approval_workflow_covers_the_whole_site(demo_site):
    # Newsletters and board reports have their own approval (the newsletter approvers sign off
    # what is mailed; coordinators what the board is shown), and so do partner-only pages (the
    # coordinators: content approvers may not read them); every other page goes through
    # content approval.
    from networks.partner_pages import partner_only_filter

    home = demo_site.root_page
    own = {"newsletters.": "Newsletter approval", "board.": "Board report approval"}
    partner_only = set(Page.objects.filter(partner_only_filter()).values_list("pk", flat=True))
    assert partner_only
    for page in Page.objects.descendant_of(home, inclusive=True).specific():
        module = page.specific_class.__module__
        expected = next(
            (name for prefix, name in own.items() if module.startswith(prefix)), "Content approval"
        )
        if page.pk in partner_only:
            expected = "Partner page approval"
        assert page.get_workflow().name == expected, page.title


def test_a_page_scheduled_for_later_goes_live_only_when_its_time_comes(demo_site, monkeypatch):
    page = GlossaryPage.objects.get()
    page.unpublish()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    # Two hours later, beat's next run of the scheduler publishes it.
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live


def test_page_history_records_who_published(client, coordinator, demo_site):
    page = GlossaryPage.objects.get()
    revision = page.save_revision(user=coordinator)
    revision.publish(user=coordinator)
    client.force_login(coordinator)

    html = client.get(f"/admin/pages/{page.pk}/history/").content.decode()

    assert "Casey Coordinator" in html and "Published" in html


def test_beat_runs_the_scheduler_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]

    assert entry == {"task": "cms.publish_scheduled", "schedule": 60.0}
