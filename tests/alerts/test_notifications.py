"""Routing, content-free notifications, escalation, and delivery that survives outages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts import actions
from alerts.models import Outbox, Report, RoutingRule
from sending.engine import retry_failed
from sending.models import Delivery
from tests.support.people import make_responder

from .helpers import form_data, make_report, receipt_from


@pytest.fixture
def send_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the enqueue) as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def assert_content_free(message, *secrets):
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for part in (message.subject, message.body, html):
        for secret in secrets:
            assert secret not in part


def test_a_rugby_tension_report_tells_the_police_team_and_the_rugby_responder_not_warwicks(
    send_on_commit, police_officer, rugby_responder, districts
):
    warwick_responder = make_responder("warwick.responder", districts=[districts["Warwick"]])

    report, _ = send_on_commit(
        make_report, district=districts["Rugby"], contact_email="sam@example.org"
    )

    assert report.urgency == "urgent"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [police_officer.email, rugby_responder.email]
    )
    assert warwick_responder.email not in [m.to[0] for m in mail.outbox]
    link = f"http://127.0.0.1:8000/admin/alerts/reports/{report.pk}/"
    for message in mail.outbox:
        assert message.subject == "Urgent: a new report needs attention"
        assert link in message.body and f'href="{link}"' in message.alternatives[0][0]
        assert_content_free(message, "Graffiti", "High Street", "sam@example.org", "Rugby")
    assert set(Outbox.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_person_in_a_rule_and_responder_of_the_district_is_told_once(
    send_on_commit, police_officer, rugby_responder, districts
):
    rule = RoutingRule.objects.get(kind="tension")
    rule.notify_users.add(rugby_responder)
    both = make_responder("rugby.officer", districts=[districts["Rugby"]])
    both.groups.add(*police_officer.groups.all())  # the police Prevent team, scoped to Rugby

    report, _ = send_on_commit(make_report, district=districts["Rugby"])

    told = [m.to[0] for m in mail.outbox]
    assert sorted(told) == sorted([police_officer.email, rugby_responder.email, both.email])
    assert Outbox.objects.filter(report=report).count() == 3


def test_a_warwick_report_tells_the_county_team_but_not_the_rugby_responder(
    send_on_commit, police_officer, rugby_responder, districts
):
    send_on_commit(make_report, district=districts["Warwick"])

    assert [m.to for m in mail.outbox] == [[police_officer.email]]


def test_without_a_matching_rule_every_responder_who_may_see_the_report_is_notified(
    send_on_commit, police_officer, rugby_responder, districts
):
    send_on_commit(make_report, district=districts["Rugby"], kind="venue")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [police_officer.email, rugby_responder.email]
    )
    mail.outbox.clear()

    send_on_commit(make_report, district=districts["Warwick"], kind="venue")

    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    assert mail.outbox[0].subject == "A new report needs attention"


def test_a_rule_for_a_district_notifies_its_people_but_never_someone_outside_their_scope(
    send_on_commit, police_officer, rugby_responder, districts
):
    rule = RoutingRule.objects.create(name="Rugby venues", kind="venue")
    rule.districts.add(districts["Rugby"])
    rule.notify_users.add(rugby_responder)
    other = RoutingRule.objects.create(name="Warwick venues", kind="venue")
    other.districts.add(districts["Warwick"])
    other.notify_users.add(rugby_responder)

    send_on_commit(make_report, district=districts["Rugby"], kind="venue")
    assert [m.to for m in mail.outbox] == [[rugby_responder.email]]
    mail.outbox.clear()
    send_on_commit(make_report, district=districts["Warwick"], kind="venue")

    assert mail.outbox == []


def test_an_unacknowledged_urgent_report_escalates_once_after_the_configured_time(
    send_on_commit, police_officer, districts, settings
):
    settings.ALERTS_ESCALATE_AFTER_MINUTES = 20
    report, _ = send_on_commit(make_report, district=districts["Warwick"])
    handled, _ = send_on_commit(make_report, district=districts["Warwick"])
    actions.change_report_state(handled, police_officer, "acknowledged")
    mail.outbox.clear()
    now = timezone.now()

    assert send_on_commit(actions.escalate_unacknowledged, now + timedelta(minutes=19)) == 0
    assert mail.outbox == []
    assert send_on_commit(actions.escalate_unacknowledged, now + timedelta(minutes=21)) == 1
    assert send_on_commit(actions.escalate_unacknowledged, now + timedelta(minutes=60)) == 0

    assert [m.subject for m in mail.outbox] == ["Urgent report not yet acknowledged"]
    assert f"/admin/alerts/reports/{report.pk}/" in mail.outbox[0].body
    assert_content_free(mail.outbox[0], "Graffiti")
    report.refresh_from_db()
    assert report.escalated_at is not None


def test_a_normal_report_does_not_escalate(send_on_commit, police_officer, settings):
    send_on_commit(make_report, kind="venue")
    later = timezone.now() + timedelta(minutes=settings.ALERTS_ESCALATE_AFTER_MINUTES + 1)

    assert actions.escalate_unacknowledged(later) == 0


def test_a_reply_tells_the_submitter_by_an_email_with_only_a_link(send_on_commit, police_officer):
    report, _ = make_report(contact_email="sam@example.org", notify_on_reply=True)
    mail.outbox.clear()

    send_on_commit(actions.send_reply, report, police_officer, "A patrol will pass tonight.")

    message = mail.outbox[-1]
    assert message.to == ["sam@example.org"]
    assert message.subject == "There is a reply to your report"
    assert "/report/link/" in message.body
    assert_content_free(message, "patrol", "Graffiti", report.reference)


def test_no_email_about_a_reply_when_the_submitter_did_not_ask(send_on_commit, police_officer):
    report, _ = make_report(contact_email="sam@example.org", notify_on_reply=False)
    mail.outbox.clear()

    send_on_commit(actions.send_reply, report, police_officer, "Thanks.")

    assert mail.outbox == []


def test_with_the_mail_provider_down_the_notification_is_kept_visible_and_sent_later(
    send_on_commit, police_officer, settings, districts, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.sending.BrokenMailBackend"
    report, _ = send_on_commit(make_report, district=districts["Warwick"])

    # The outbox handed it to the sending engine, which retried and then recorded the failure
    # where the coordinator sees it (Sends), rather than losing it.
    assert Outbox.objects.get().status == "delivered"
    delivery = Delivery.objects.get(email=police_officer.email)
    assert delivery.state == "failed" and "provider unreachable" in delivery.last_error
    assert Report.objects.filter(pk=report.pk).exists()
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(delivery.send) == 1

    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    assert report.description not in mail.outbox[0].body


def test_with_redis_down_the_submitter_gets_a_receipt_and_beat_sends_the_notification_later(
    client, police_officer, send_on_commit, caplog
):
    from cms.celery import app

    old = app.conf.task_always_eager, app.conf.broker_url
    # Redis "down" for this test only: the broker is a closed port (the shared Redis keeps running).
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = send_on_commit(client.post, "/report/new/", form_data())
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old

    assert response.status_code == 200
    receipt_from(response.content.decode())
    report = Report.objects.get()
    row = Outbox.objects.get()
    assert row.report == report and row.status == "pending"
    assert row.next_attempt_at <= timezone.now()
    assert mail.outbox == []
    assert "could not queue 1 notification(s)" in caplog.text

    # The broker is back; beat's task runs (eagerly here) and delivers it.
    from alerts.tasks import retry_outbox

    send_on_commit(retry_outbox.delay)

    row.refresh_from_db()
    assert row.status == "delivered"
    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    send_on_commit(retry_outbox.delay)
    assert len(mail.outbox) == 1


def test_a_row_without_an_address_is_marked_failed_not_retried_forever(send_on_commit, db):
    report, _ = make_report()
    row = Outbox.objects.create(kind="submitter_link", report=report, to_submitter=True)

    assert actions.notify.deliver_outbox_row(row.pk) == "failed"
