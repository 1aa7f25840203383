"""The coordinator's sending screens: send an issue to segments, the list of sends, the report
and its controls. Tasks run in-process (eager) and mail lands in the locmem outbox."""

import datetime
import re
import uuid
import zoneinfo

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry, PageLogEntry

from networks.models import Segment, SegmentMember, Subscription, Suppression
from networks.tokens import read_contact_token
from sending.engine import create_send, send_to_contact, start_send
from sending.models import Delivery, Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.sending import CONTENT, make_audience

LONDON = zoneinfo.ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


def send_url(page):
    return f"/admin/newsletters/{page.pk}/send/"


def report_url(send):
    return f"/admin/newsletters/sends/{send.pk}/"


def action_url(send, action):
    return f"/admin/newsletters/sends/{send.pk}/{action}/"


@pytest.fixture
def approved_issue(demo_issue, coordinator):
    submit_and_approve(demo_issue, coordinator, coordinator)
    mail.outbox.clear()  # Wagtail's workflow notifications
    return demo_issue


@pytest.fixture
def audience(db):
    """Five district leads in one segment: lead2 is also in "Away" (left out), lead3 has
    unsubscribed from the newsletter and lead4's address is suppressed after a hard bounce."""
    segment = make_audience(5, segment_name="District leads")
    Subscription.objects.filter(contact__email="lead3@example.org").update(status="unsubscribed")
    Suppression.objects.create(email="lead4@example.org", reason="hard_bounce")
    away = Segment.objects.create(name="Away", rules={})
    SegmentMember.objects.create(
        segment=away, contact=segment.manual_members.get(contact__email="lead2@example.org").contact
    )
    return segment, away


def choices(audience, **extra):
    segment, away = audience
    if "confirm" in extra:
        extra.setdefault("idempotency_key", uuid.uuid4().hex)  # as the confirm form carries
    return {"segments": [segment.pk], "exclude_segments": [away.pk], "when": "now", **extra}


def running_send(n=3, prefix="lead"):
    """A send that has started but whose batches have not run (no worker picked them up)."""
    segment = make_audience(n, prefix=prefix)
    send = create_send(content=CONTENT, topic="newsletter", segments=[segment])
    return start_send(send)


# --- Send to segments ----------------------------------------------------------------------------


def test_the_coordinator_sees_how_many_people_it_will_go_to_before_confirming(
    client, coordinator, approved_issue, audience
):
    client.force_login(coordinator)

    form = client.get(send_url(approved_issue)).content.decode()
    preview = client.post(send_url(approved_issue), choices(audience)).content.decode()

    assert "District leads" in form and "Show who it will go to" in form
    assert "This will go to <strong>2 people</strong>" in preview
    assert "Confirm and send" in preview
    assert Send.objects.count() == 0 and mail.outbox == []


def test_send_now_reaches_the_right_people_with_both_parts_and_unsubscribe_headers(
    client, coordinator, approved_issue, audience, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(approved_issue), choices(audience, confirm="1"))

    send = Send.objects.get()
    assert response.status_code == 302 and response.url == report_url(send)
    assert send.state == "sent" and send.kind == "newsletter" and send.topic == "newsletter"
    assert send.source_page_id == approved_issue.pk and send.created_by == coordinator
    assert set(send.deliveries.values_list("email", flat=True)) == {
        "lead0@example.org",
        "lead1@example.org",
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Lee0 Lead <lead0@example.org>",
        "Lee1 Lead <lead1@example.org>",
    ]
    message = next(m for m in mail.outbox if "lead0@" in m.to[0])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert message.subject == "Prevent partnership news: our first issue"
    assert "Hello Lee0," in message.body and "Hello Lee0," in html
    assert "{{" not in message.body and "{{" not in html
    assert approved_issue.get_url() in message.body  # view in browser
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[-1]
    contact, _payload = read_contact_token(token, "unsubscribe")
    assert contact.email == "lead0@example.org"
    assert PageLogEntry.objects.filter(
        page=approved_issue, action="newsletters.send_requested", user=coordinator
    ).exists()
    report = client.get(response.url).content.decode()
    assert "Sending “Prevent partnership news: our first issue” to 2 people." in report


def test_a_scheduled_send_is_created_scheduled_and_not_started(
    client, coordinator, approved_issue, audience, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    later = {"when": "later", "scheduled_at": "2030-04-01T09:00", "confirm": "1"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(approved_issue), choices(audience, **later))

    send = Send.objects.get()
    assert response.status_code == 302
    assert send.state == "scheduled" and send.started_at is None
    assert send.scheduled_at == datetime.datetime(2030, 4, 1, 9, 0, tzinfo=LONDON)
    assert not send.deliveries.exists() and mail.outbox == []
    assert (
        "is scheduled for 1 April 2030 at 09:00 (UK time)"
        in client.get(response.url).content.decode()
    )


def test_a_time_in_the_past_or_no_segment_is_refused_and_the_choices_are_kept(
    client, coordinator, approved_issue, audience
):
    client.force_login(coordinator)
    segment, away = audience

    past = client.post(
        send_url(approved_issue),
        choices(audience, when="later", scheduled_at="2001-01-01T09:00", confirm="1"),
    ).content.decode()
    none = client.post(send_url(approved_issue), {"when": "now", "confirm": "1"}).content.decode()

    assert "Choose a date and time in the future." in past
    assert 'value="2001-01-01T09:00"' in past
    assert re.search(rf'name="segments" value="{segment.pk}"[^>]*checked', past)
    assert "Choose at least one segment to send to." in none
    assert 'href="#id_segments_0"' in none
    assert not Send.objects.exists()


def test_an_issue_not_approved_through_the_workflow_is_refused(
    client, coordinator, demo_issue, audience
):
    client.force_login(coordinator)

    page = client.get(send_url(demo_issue)).content.decode()
    response = client.post(send_url(demo_issue), choices(audience, confirm="1"))

    assert "This issue cannot be sent: The published version has not been approved" in page
    assert "Show who it will go to" not in page
    assert response.status_code == 409
    assert not Send.objects.exists() and mail.outbox == []


def test_an_editor_without_the_permission_cannot_send(client, editor, approved_issue, audience):
    client.force_login(editor)

    page = client.get(send_url(approved_issue))
    response = client.post(send_url(approved_issue), choices(audience, confirm="1"))

    assert page.status_code == 403 and response.status_code == 403
    assert "You do not have permission to send newsletters" in page.content.decode()
    assert not Send.objects.exists() and mail.outbox == []


def test_the_issue_offers_send_to_segments_only_to_those_who_may_send(
    client, coordinator, editor, approved_issue
):
    edit = f"/admin/pages/{approved_issue.pk}/edit/"
    client.force_login(coordinator)
    assert send_url(approved_issue) in client.get(edit).content.decode()
    client.force_login(editor)
    assert send_url(approved_issue) not in client.get(edit).content.decode()


def test_an_outsider_cannot_open_the_send_form(client, outsider, approved_issue):
    client.force_login(outsider)
    assert client.get(send_url(approved_issue)).status_code in (302, 404)
    assert not Send.objects.exists()


# --- The list of sends ---------------------------------------------------------------------------


def test_the_sends_list_shows_newsletters_newest_first_and_notifications_on_request(
    client, coordinator
):
    older = running_send(2, prefix="old")
    newer = create_send(content=CONTENT, topic="newsletter", segments=[])
    Send.objects.filter(pk=newer.pk).update(subject="The newer one")
    contact = Delivery.objects.filter(send=older).first().contact
    notification = send_to_contact(CONTENT, contact, "newsletter").send
    Send.objects.filter(pk=notification.pk).update(subject="A one-off receipt")
    client.force_login(coordinator)

    default = client.get("/admin/newsletters/sends/").content.decode()
    everything = client.get("/admin/newsletters/sends/?show=all").content.decode()

    assert default.index("The newer one") < default.index(report_url(older))
    assert "A one-off receipt" not in default
    assert "A one-off receipt" in everything
    assert "/admin/newsletters/sends/" in client.get("/admin/").content.decode()


def test_the_sends_list_is_not_found_for_people_without_the_permission(client, editor):
    client.force_login(editor)
    assert client.get("/admin/newsletters/sends/").status_code == 404
    assert "/admin/newsletters/sends/" not in client.get("/admin/").content.decode()


# --- The report and its controls -----------------------------------------------------------------


def test_the_report_shows_counts_rates_failures_and_uncertain_rows(client, coordinator):
    send = running_send(4)
    rows = list(send.deliveries.order_by("email"))
    Delivery.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(state="sent")
    Delivery.objects.filter(pk=rows[0].pk).update(
        opened_at=datetime.datetime(2026, 1, 1, tzinfo=LONDON)
    )
    Delivery.objects.filter(pk=rows[2].pk).update(
        state="failed", last_error="550 mailbox unavailable", attempts=1
    )
    Delivery.objects.filter(pk=rows[3].pk).update(state="uncertain", attempts=1)
    client.force_login(coordinator)

    body = client.get(report_url(send)).content.decode()

    assert '<td data-count="sent">2</td>' in body
    assert '<td data-count="failed">1</td>' in body
    assert '<td data-count="uncertain">1</td>' in body
    assert "(50.0%)" in body  # one open of two accepted
    assert "lead2@example.org" in body and "550 mailbox unavailable" in body
    assert "lead3@example.org" in body and "Resend uncertain (1)" in body
    assert "Retry failed (1)" in body and "Pause" in body
    assert "sending/send_report.js" in body and 'data-active="true"' in body
    progress = client.get(report_url(send) + "progress/").json()
    assert progress["counts"]["sent"] == 2 and progress["done"] == 4 and progress["active"]
    assert "lead" not in str(progress)


def test_pause_then_resume_and_an_illegal_change_shows_the_engines_message(client, coordinator):
    send = running_send(2)
    client.force_login(coordinator)

    client.post(action_url(send, "pause"))
    send.refresh_from_db()
    assert send.state == "paused"
    again = client.post(action_url(send, "pause"), follow=True).content.decode()
    assert "A send that is paused cannot be paused." in again
    assert (
        ModelLogEntry.objects.filter(action="newsletters.send.paused", user=coordinator).count()
        == 1
    )

    resumed = client.post(action_url(send, "resume"), follow=True).content.decode()
    send.refresh_from_db()
    assert send.state == "sending" and "Sending resumed." in resumed


def test_cancel_asks_for_confirmation_then_leaves_the_rest_unsent(client, coordinator):
    send = running_send(3)
    client.force_login(coordinator)

    question = client.get(action_url(send, "cancel")).content.decode()
    send.refresh_from_db()
    assert send.state == "sending"
    assert "3 messages not yet sent will not be sent" in question

    done = client.post(action_url(send, "cancel"), follow=True).content.decode()
    send.refresh_from_db()
    assert send.state == "cancelled"
    assert set(send.deliveries.values_list("state", flat=True)) == {"cancelled"}
    assert "Send cancelled." in done and "Resume" not in done
    resumed = client.post(action_url(send, "resume"), follow=True).content.decode()
    assert "A send that is cancelled cannot be resumed." in resumed


def test_retry_failed_sends_the_failed_rows_again(
    client, coordinator, django_capture_on_commit_callbacks
):
    send = running_send(2)
    failed = send.deliveries.order_by("email").first()
    send.deliveries.exclude(pk=failed.pk).update(state="sent")
    Delivery.objects.filter(pk=failed.pk).update(state="failed", last_error="timed out")
    Send.objects.filter(pk=send.pk).update(state="sent")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(action_url(send, "retry-failed"), follow=True).content.decode()

    failed.refresh_from_db()
    send.refresh_from_db()
    assert "1 message queued to be sent again." in body
    assert failed.state == "sent" and send.state == "sent"
    assert [m.to[0] for m in mail.outbox] == [f"Lee0 Lead <{failed.email}>"]


def test_resend_uncertain_on_a_draft_is_refused_with_the_engines_message(client, coordinator):
    send = create_send(content=CONTENT, topic="newsletter", segments=[])
    client.force_login(coordinator)

    body = client.post(action_url(send, "resend-uncertain"), follow=True).content.decode()

    assert "A send that is draft cannot be sent again." in body


@pytest.mark.parametrize("who", ["admin_reader", "editor"])
def test_someone_without_the_permission_gets_404_for_a_report_and_its_controls(
    client, request, who
):
    send = running_send(1)
    client.force_login(request.getfixturevalue(who))

    assert client.get(report_url(send)).status_code == 404
    assert client.get(report_url(send) + "progress/").status_code == 404
    assert client.post(action_url(send, "cancel")).status_code == 404
    send.refresh_from_db()
    assert send.state == "sending"


def test_a_missing_send_and_a_forbidden_one_look_the_same(client, coordinator, admin_reader):
    send = running_send(1)
    client.force_login(admin_reader)
    forbidden = client.get(report_url(send))
    client.force_login(coordinator)
    missing = client.get("/admin/newsletters/sends/999999/")
    assert forbidden.status_code == missing.status_code == 404


def test_an_outsider_without_admin_access_is_sent_to_sign_in_and_sees_no_report(client, outsider):
    send = running_send(1)
    client.force_login(outsider)

    response = client.get(report_url(send))

    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert b"lead0@example.org" not in response.content
