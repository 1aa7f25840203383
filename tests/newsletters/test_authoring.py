"""Authoring: the public archive, who may send what, the email preview and test sends."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import GroupApprovalTask, PageLogEntry, WorkflowPage

from events.demo import next_occurrence
from newsletters.models import NewsletterIndexPage, NewsletterPage
from newsletters.permissions import can_send
from tests.newsletters.authoring_support import make_issue, submit_and_approve

# The demo issue's "upcoming event" is the annual event's day (seeded relative to today).
EVENT_DAY = next_occurrence(5, 14)


def preview_url(page):
    return f"/admin/newsletters/{page.pk}/email/"


def send_test_url(page):
    return f"/admin/newsletters/{page.pk}/email/test/"


# --- The public archive -------------------------------------------------------------------------


def test_the_archive_lists_published_issues_newest_first(client, archive, demo_issue):
    # The demo issue is dated two weeks before the day it was seeded; these two are newer.
    today = datetime.date.today()
    make_issue(archive, "Summer 2016", issue_date=today - datetime.timedelta(days=2))
    make_issue(archive, "Spring 2016", issue_date=today - datetime.timedelta(days=7))

    body = client.get(archive.url).content.decode()

    assert body.index("Summer 2016") < body.index("Spring 2016") < body.index("our first issue")
    assert "Summary of Summer 2016." in body


def test_an_issue_kept_out_of_the_archive_is_not_listed_but_opens_by_its_link(client, archive):
    hidden = make_issue(archive, "Internal briefing", show_in_archive=False)

    assert "Internal briefing" not in client.get(archive.url).content.decode()
    assert client.get(hidden.url).status_code == 200


def test_drafts_and_unpublished_issues_are_not_in_the_archive(client, archive, coordinator):
    make_issue(archive, "Draft issue", publish=False)
    withdrawn = make_issue(archive, "Withdrawn issue")
    withdrawn.unpublish()

    body = client.get(archive.url).content.decode()

    assert "Draft issue" not in body and "Withdrawn issue" not in body
    assert client.get("/newsletters/draft-issue/").status_code == 404


def test_the_archive_pages_through_older_issues(client, archive):
    for n in range(NewsletterIndexPage.per_page + 1):
        day = datetime.date.today() - datetime.timedelta(days=13 - n)  # newer than the demo's
        make_issue(archive, f"Issue {n:02d}", issue_date=day)

    first = client.get(archive.url).content.decode()
    second = client.get(archive.url, {"page": 2}).content.decode()
    nonsense = client.get(archive.url, {"page": "lots"})

    assert "Issue 10" in first and "Older issues" in first
    assert "Issue 00" not in first
    assert "our first issue" in second and "Newer issues" in second
    assert nonsense.status_code == 200 and "Issue 10" in nonsense.content.decode()


def test_the_issue_page_shows_every_block_and_leads_back_to_the_archive(client, demo_issue):
    body = client.get(demo_issue.url).content.decode()

    for text in (
        "Across the partnership",
        "Community Prevent networks in every district",
        "Level 2: WRAP face-to-face training",
        f"{EVENT_DAY:%A} {EVENT_DAY.day} {EVENT_DAY:%B %Y}",
        "Emerging issues",
        "Report online terrorist material",
        "Prevent duty guidance for England and Wales",
        "All issues in Newsletters",
    ):
        assert text in body, text
    assert "{{" not in body


# --- Who may send ---------------------------------------------------------------------------


def test_an_approved_published_issue_can_be_sent_by_the_coordinator(archive, coordinator):
    issue = make_issue(archive, "Approved", publish=False, user=coordinator)

    submit_and_approve(issue, coordinator, coordinator)

    assert issue.live and not issue.has_unpublished_changes
    assert can_send(coordinator, issue) == (True, "")


def test_an_editor_without_the_permission_cannot_send(archive, editor, coordinator):
    issue = make_issue(archive, "Approved", publish=False)
    submit_and_approve(issue, editor, coordinator)

    allowed, reason = can_send(editor, issue)

    assert not allowed and reason == "You do not have permission to send newsletters."


def test_an_issue_published_without_approval_cannot_be_sent(archive, coordinator):
    issue = make_issue(archive, "Published straight away", user=coordinator)

    allowed, reason = can_send(coordinator, issue)

    assert not allowed
    assert reason == "The published version has not been approved through “Newsletter approval”."


def test_an_issue_waiting_for_approval_cannot_be_sent(archive, coordinator, editor):
    issue = make_issue(archive, "Waiting", user=coordinator)
    issue.save_revision(user=editor)
    issue.get_workflow().start(issue, editor)

    allowed, reason = can_send(coordinator, issue)

    assert not allowed and "changes that are not published yet" in reason


def test_a_draft_that_was_never_published_cannot_be_sent(archive, coordinator):
    issue = make_issue(archive, "Only a draft", publish=False)

    assert can_send(coordinator, issue) == (False, "This issue is not published yet.")


def test_changes_published_after_approval_by_bypassing_the_workflow_cannot_be_sent(
    archive, coordinator
):
    issue = make_issue(archive, "Approved then changed", publish=False)
    submit_and_approve(issue, coordinator, coordinator)
    assert can_send(coordinator, issue)[0]

    issue.title = "Changed after approval"
    issue.save_revision(user=coordinator).publish(user=coordinator)
    issue.refresh_from_db()

    assert not can_send(coordinator, issue)[0]


def test_without_a_workflow_a_published_issue_can_be_sent(archive, coordinator):
    # Wagtail's own "Moderators approval" on the root applies too unless it goes as well.
    WorkflowPage.objects.all().delete()
    issue = make_issue(archive, "No workflow here")

    assert can_send(coordinator, issue) == (True, "")


def test_seed_demo_sets_up_the_archive_the_demo_issue_and_the_approval_workflow(
    coordinator, demo_site
):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)

    archive = NewsletterIndexPage.objects.get()
    assert archive.live and archive.get_parent().specific_class.__name__ == "HomePage"
    assert NewsletterPage.objects.child_of(archive).live().count() == 1
    approvers = Group.objects.get(name="Newsletter approvers")
    task = GroupApprovalTask.objects.get(name="Newsletter approval")
    # The coordinators approve as a group: a plain coordinator is offered the approval.
    assert set(task.groups.all()) == {approvers, Group.objects.get(name="Coordinators")}
    issue = NewsletterPage.objects.child_of(archive).get()
    assert "approve" in [name for name, *_ in task.get_actions(issue, coordinator)]
    assert WorkflowPage.objects.get(page=archive).workflow.name == "Newsletter approval"
    assert Group.objects.get(name="Coordinators").permissions.filter(
        codename="can_send_newsletters"
    )


# --- Admin: preview ---------------------------------------------------------------------------


def test_the_coordinator_previews_both_parts_with_sample_details(client, coordinator, demo_issue):
    client.force_login(coordinator)

    response = client.get(preview_url(demo_issue))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="' in body
    assert "Hello Sam," in body  # in the frame's (escaped) HTML and in the text part
    assert "&lt;table class=&quot;container&quot;" in body
    assert "LEARNING AND DEVELOPMENT SESSIONS" in body
    assert "Not ready to send: The published version has not been approved" in body


def test_the_preview_shows_the_latest_draft(client, coordinator, demo_issue):
    demo_issue.title = "A better title, not yet approved"
    demo_issue.save_revision(user=coordinator)
    client.force_login(coordinator)

    body = client.get(preview_url(demo_issue)).content.decode()

    assert "A better title, not yet approved" in body
    assert "changes that are not published yet" in body


def test_the_edit_page_offers_preview_and_test_send_to_the_coordinator(
    client, coordinator, editor, demo_issue
):
    client.force_login(coordinator)
    body = client.get(f"/admin/pages/{demo_issue.pk}/edit/").content.decode()
    assert preview_url(demo_issue) in body and send_test_url(demo_issue) in body

    client.force_login(editor)
    body = client.get(f"/admin/pages/{demo_issue.pk}/edit/").content.decode()
    assert preview_url(demo_issue) in body and send_test_url(demo_issue) not in body


@pytest.mark.parametrize("who", ["admin_reader", "outsider"])
def test_someone_who_cannot_edit_the_issue_cannot_preview_it(client, request, who, demo_issue):
    client.force_login(request.getfixturevalue(who))

    response = client.get(preview_url(demo_issue))

    assert response.status_code in (302, 403, 404)
    assert b"Hello Sam" not in response.content


def test_a_missing_issue_and_a_forbidden_one_look_the_same(client, admin_reader, demo_issue):
    client.force_login(admin_reader)

    assert client.get(preview_url(demo_issue)).status_code == 404
    assert client.get("/admin/newsletters/999999/email/").status_code == 404


# --- Admin: test sends ----------------------------------------------------------------------


def test_a_test_send_delivers_both_parts_and_the_unsubscribe_headers(
    client, coordinator, demo_issue
):
    client.force_login(coordinator)

    response = client.post(
        send_test_url(demo_issue), {"addresses": "lead@example.org,\nDSL@School.example.org"}
    )

    assert response.status_code == 302 and response.url == preview_url(demo_issue)
    assert [m.to for m in mail.outbox] == [["lead@example.org"], ["dsl@school.example.org"]]
    for message in mail.outbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert message.subject == "[Test] Prevent partnership news: our first issue"
        assert "Hello Sam," in message.body and "Hello Sam," in html
        # The footer names the sample reader the greeting does, not the test address.
        assert "because sam.sample@example.org is subscribed" in message.body
        assert message.to[0] not in message.body and message.to[0] not in html
        assert "{{" not in message.body and "{{" not in html
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    entry = PageLogEntry.objects.get(page=demo_issue, action="newsletters.test_sent")
    assert entry.user == coordinator and entry.data == {"recipients": 2}
    followed = client.get(response.url).content.decode()
    assert "Test email sent to 2 addresses" in followed


def test_bad_addresses_are_refused_with_a_message_and_what_was_typed_is_kept(
    client, coordinator, demo_issue
):
    client.force_login(coordinator)
    typed = "lead@example.org, not-an-address, @nowhere"

    response = client.post(send_test_url(demo_issue), {"addresses": typed})

    body = response.content.decode()
    assert response.status_code == 200
    assert "These are not email addresses: not-an-address, @nowhere." in body
    assert 'href="#id_addresses"' in body and 'aria-invalid="true"' in body
    assert typed in body
    assert mail.outbox == []


def test_more_than_ten_addresses_are_refused(client, coordinator, demo_issue):
    client.force_login(coordinator)
    addresses = ", ".join(f"person{n}@example.org" for n in range(11))

    response = client.post(send_test_url(demo_issue), {"addresses": addresses})

    assert "A test can go to at most 10 addresses; you entered 11." in response.content.decode()
    assert mail.outbox == []


def test_an_empty_list_of_addresses_is_refused(client, coordinator, demo_issue):
    client.force_login(coordinator)

    response = client.post(send_test_url(demo_issue), {"addresses": " , "})

    assert "Enter at least one email address." in response.content.decode()
    assert mail.outbox == []


def test_an_editor_without_the_permission_cannot_send_a_test(client, editor, demo_issue):
    client.force_login(editor)

    page = client.get(send_test_url(demo_issue))
    response = client.post(send_test_url(demo_issue), {"addresses": "me@example.org"})

    assert page.status_code == 403
    assert "You do not have permission to send newsletters" in page.content.decode()
    assert response.status_code == 403
    assert mail.outbox == []
    assert not PageLogEntry.objects.filter(action="newsletters.test_sent").exists()
