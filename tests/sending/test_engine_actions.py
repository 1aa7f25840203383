"""The engine's actions with tasks run in-process (eager) and mail kept in memory."""

import contextlib
import smtplib
from datetime import timedelta

import pytest
from anymail.exceptions import AnymailAPIError
from anymail.message import AnymailRecipientStatus
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from networks.models import Contact, Subscription, Suppression
from networks.tokens import read_contact_token
from sending.engine import (
    SendStateError,
    cancel_send,
    create_send,
    pause_send,
    resend_uncertain,
    resume_send,
    retry_failed,
    send_report,
    send_to_addresses,
    send_to_contact,
    start_send,
)
from sending.engine.errors import TransientSendError
from sending.engine.recovery import recover_sends, start_due_sends
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, make_audience

pytestmark = pytest.mark.django_db


def new_send(segment, **kwargs):
    return create_send(content=CONTENT, topic="newsletter", segments=[segment], **kwargs)


def run_send(send, capture):
    with capture(execute=True):
        start_send(send)
    send.refresh_from_db()
    return send


def states(send):
    return dict(Delivery.objects.filter(send=send).values_list("email", "state").order_by("email"))


def test_a_send_reaches_each_subscribed_lead_once_with_both_parts_personalised(
    django_capture_on_commit_callbacks,
):
    segment = make_audience(3)
    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert send.state == "sent" and send.recipient_count == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Lee0 Lead <lead0@example.org>",
        "Lee1 Lead <lead1@example.org>",
        "Lee2 Lead <lead2@example.org>",
    ]
    message = next(m for m in mail.outbox if "lead1@" in m.to[0])
    assert message.subject == "Prevent Partnership news for Lee1"
    assert "Dear Lee1,\r\n\r\nNews for Northvale College in Northvale." in message.body
    html = message.alternatives[0][0]
    assert "<p>Dear Lee1,</p><p>News for Northvale College in Northvale.</p>" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert f'href="{unsubscribe}"' in html and unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    contact, payload = read_contact_token(token, "unsubscribe")
    assert contact.email == "lead1@example.org" and payload["t"] == "newsletter"
    assert set(states(send).values()) == {"sent"}
    assert Delivery.objects.filter(send=send, provider_message_id="").count() == 0


def test_the_frozen_audience_leaves_out_the_unsubscribed_the_suppressed_and_the_erased(
    django_capture_on_commit_callbacks,
):
    segment = make_audience(5)
    Subscription.objects.filter(contact__email="lead0@example.org").update(status="unsubscribed")
    Suppression.objects.create(email="lead1@example.org", reason="hard_bounce")
    Contact.objects.filter(email="lead2@example.org").update(erased_at=timezone.now())

    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert set(states(send)) == {"lead3@example.org", "lead4@example.org"}
    assert len(mail.outbox) == 2


def test_an_excluded_segment_is_left_out(django_capture_on_commit_callbacks):
    segment = make_audience(4)
    excluded = make_audience(0, prefix="none", segment_name="Excluded")
    excluded.manual_members.create(contact=Contact.objects.get(email="lead3@example.org"))

    send = run_send(
        new_send(segment, exclude_segments=[excluded]), django_capture_on_commit_callbacks
    )

    assert "lead3@example.org" not in states(send) and len(states(send)) == 3


def test_illegal_state_changes_are_refused_with_a_clear_error(django_capture_on_commit_callbacks):
    segment = make_audience(1)
    send = new_send(segment)
    with pytest.raises(SendStateError, match="draft cannot be paused"):
        pause_send(send)
    run_send(send, django_capture_on_commit_callbacks)
    with pytest.raises(SendStateError, match="sent cannot be started"):
        start_send(send)
    with pytest.raises(SendStateError, match="sent cannot be cancelled"):
        cancel_send(send)


def test_every_action_leaves_a_dotted_log_entry(django_capture_on_commit_callbacks, coordinator):
    segment = make_audience(1)
    send = new_send(segment, created_by=coordinator)
    run_send(send, django_capture_on_commit_callbacks)

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(send.pk))
        .order_by("timestamp", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "newsletters.send.created",
        "newsletters.send.started",
        "newsletters.send.finished",
    ]


def test_a_scheduled_send_starts_when_it_is_due(django_capture_on_commit_callbacks):
    segment = make_audience(2)
    later = new_send(segment, scheduled_at=timezone.now() + timedelta(hours=1))
    due = new_send(segment, scheduled_at=timezone.now() - timedelta(minutes=1))
    assert due.state == "scheduled"

    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_sends() == [due.pk]

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.state == "sent" and later.state == "scheduled"


def test_a_cancelled_send_sends_nothing_more_and_says_who_was_not_sent(
    django_capture_on_commit_callbacks,
):
    segment = make_audience(4)
    send = new_send(segment)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        start_send(send)
    cancel_send(send)
    for callback in enqueued:
        callback()

    send.refresh_from_db()
    assert send.state == "cancelled" and mail.outbox == []
    assert set(states(send).values()) == {"cancelled"}
    assert send_report(send)["counts"]["cancelled"] == 4


def test_a_paused_send_sends_nothing_until_resumed(django_capture_on_commit_callbacks):
    segment = make_audience(3)
    send = new_send(segment)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        start_send(send)
    pause_send(send)
    for callback in enqueued:
        callback()
    assert mail.outbox == [] and set(states(send).values()) == {"queued"}

    with django_capture_on_commit_callbacks(execute=True):
        resume_send(send)

    send.refresh_from_db()
    assert send.state == "sent" and len(mail.outbox) == 3


def test_batches_are_anymail_batch_sends_with_merge_data_and_merge_headers(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.SEND_BATCH_SIZE = 2
    segment = make_audience(3)

    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2  # two batches, one API call each
    params = mail.outbox[0].anymail_test_params
    assert params["is_batch_send"] is True
    assert params["subject"] == "Prevent Partnership news for {{ first_name }}"
    assert "{{ html_first_name }}" in params["html_body"]
    assert "{{ first_name }}" in params["text_body"]
    data = params["merge_data"]["lead0@example.org"]
    assert data["first_name"] == "Lee0" and data["districts"] == "Northvale"
    headers = params["merge_headers"]["lead0@example.org"]
    assert headers["List-Unsubscribe"] == f"<{data['unsubscribe_url']}>"
    assert set(states(send).values()) == {"sent"}


class Answers429Once(AnymailRecipientStatus):
    pass


class FlakyEsp:
    """Module-level state for the in-process fake ESPs below."""

    calls = 0


def _flaky_backend(fail_times, reject=""):
    from anymail.backends.test import EmailBackend

    class Backend(EmailBackend):
        def post_to_esp(self, payload, message):
            FlakyEsp.calls += 1
            if FlakyEsp.calls <= fail_times:
                raise AnymailAPIError("Too Many Requests", status_code=429)
            response = super().post_to_esp(payload, message)
            if reject:
                response["recipient_status"][reject] = AnymailRecipientStatus(
                    message_id=None, status="rejected"
                )
            return response

    return Backend


class Esp429Then200(_flaky_backend(1)):
    pass


class EspAlways429(_flaky_backend(10**6)):
    pass


class EspRejectsLead1(_flaky_backend(0, reject="lead1@example.org")):
    pass


def test_a_provider_that_answers_429_is_retried_and_then_sends(
    django_capture_on_commit_callbacks, settings
):
    FlakyEsp.calls = 0
    settings.EMAIL_BACKEND = f"{__name__}.Esp429Then200"
    segment = make_audience(2)

    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert FlakyEsp.calls == 2
    assert send.state == "sent" and set(states(send).values()) == {"sent"}
    assert Delivery.objects.filter(send=send, attempts=2).count() == 2


def test_rows_fail_with_the_reason_once_the_retries_are_used_up(
    django_capture_on_commit_callbacks, settings
):
    FlakyEsp.calls = 0
    settings.EMAIL_BACKEND = f"{__name__}.EspAlways429"
    settings.SEND_MAX_RETRIES = 2
    segment = make_audience(2)

    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert send.state == "sent"
    row = Delivery.objects.filter(send=send).first()
    # SEND_MAX_RETRIES is the most attempts a row ever gets (#24: 17 of 8 in an outage before).
    assert row.state == "failed" and row.attempts == 2
    assert row.last_error.startswith("gave up after 2 attempts, last error: AnymailAPIError")
    assert "Too Many Requests" in row.last_error


def test_a_provider_rejecting_one_address_fails_only_that_row(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.EspRejectsLead1"
    segment = make_audience(3)

    send = run_send(new_send(segment), django_capture_on_commit_callbacks)

    assert states(send) == {
        "lead0@example.org": "sent",
        "lead1@example.org": "failed",
        "lead2@example.org": "sent",
    }
    report = send_report(send)
    assert report["failures"] == [
        {
            "email": "lead1@example.org",
            "state": "failed",
            "reason": "the provider answered rejected",
            "attempts": 1,
        }
    ]


class SmtpRefusesLead0:
    """A Django email backend whose server refuses one recipient with 550."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            if "lead0@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
            mail.outbox.append(message)
        return len(messages)


def test_a_permanent_smtp_refusal_fails_the_row_and_retry_failed_sends_it_again(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.SmtpRefusesLead0"
    segment = make_audience(2)
    send = run_send(new_send(segment), django_capture_on_commit_callbacks)
    assert states(send)["lead0@example.org"] == "failed"
    assert "No such user" in Delivery.objects.get(email="lead0@example.org").last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(send) == 1

    send.refresh_from_db()
    assert send.state == "sent" and set(states(send).values()) == {"sent"}


def test_rows_left_sending_by_a_dead_worker_become_uncertain_and_only_resend_on_request(
    django_capture_on_commit_callbacks,
):
    segment = make_audience(3)
    send = new_send(segment)
    with django_capture_on_commit_callbacks(execute=False):
        start_send(send)
    # A worker claimed lead0 and died: its row stays `sending` with an old claim.
    Delivery.objects.filter(email="lead0@example.org").update(
        state="sending", claimed_at=timezone.now() - timedelta(hours=1), attempts=1
    )
    Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        result = recover_sends()

    send.refresh_from_db()
    assert result == {"uncertain": 1, "requeued_sends": 1}
    assert states(send)["lead0@example.org"] == "uncertain"
    assert send.state == "sent" and len(mail.outbox) == 2
    assert "may or may not" in send_report(send)["failures"][0]["reason"]

    with django_capture_on_commit_callbacks(execute=True):
        assert resend_uncertain(send) == 1
    send.refresh_from_db()
    assert send.state == "sent" and states(send)["lead0@example.org"] == "sent"
    assert len(mail.outbox) == 3


def test_a_one_off_message_to_a_contact_is_tracked_and_never_goes_to_a_suppressed_address(
    django_capture_on_commit_callbacks,
):
    make_audience(2)
    lead0 = Contact.objects.get(email="lead0@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_to_contact(CONTENT, lead0, "events", kind="invitation", source="rsvp:1")
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.send.kind == "invitation"
    assert delivery.send.source_ref == "rsvp:1"
    assert mail.outbox[0].to == ["Lee0 Lead <lead0@example.org>"]

    Suppression.objects.create(email="lead1@example.org", reason="complaint")
    lead1 = Contact.objects.get(email="lead1@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        refused = send_to_contact(CONTENT, lead1, "events")
    refused.refresh_from_db()
    assert refused.state == "failed" and "suppressed" in refused.last_error
    assert len(mail.outbox) == 1


def test_a_test_send_uses_sample_fields_and_writes_no_delivery_rows():
    result = send_to_addresses(CONTENT, ["casey@example.org"], "newsletter")

    assert result == {"casey@example.org": "sent"}
    message = mail.outbox[0]
    assert message.subject == "Prevent Partnership news for Sam"
    # The sample reader of the preview (no district in this directory: "All districts").
    assert "News for Sample Organisation in All districts." in message.body
    assert "Sample Organisation" in message.alternatives[0][0]
    assert "/sample-link/" in message.extra_headers["List-Unsubscribe"]
    assert not Delivery.objects.exists()


def test_the_report_counts_states_and_rates(django_capture_on_commit_callbacks):
    segment = make_audience(4)
    send = run_send(new_send(segment), django_capture_on_commit_callbacks)
    rows = Delivery.objects.filter(send=send).order_by("id")
    now = timezone.now()
    Delivery.objects.filter(pk=rows[0].pk).update(delivered_at=now, opened_at=now, clicked_at=now)
    Delivery.objects.filter(pk=rows[1].pk).update(delivered_at=now, opened_at=now)
    Delivery.objects.filter(pk=rows[2].pk).update(state="bounced", last_error="mailbox gone")

    report = send_report(send)

    assert report["counts"]["sent"] == 3 and report["counts"]["bounced"] == 1
    assert report["accepted"] == 4 and report["opened"] == 2 and report["clicked"] == 1
    assert report["open_rate"] == 0.5 and report["click_rate"] == 0.25
    assert report["failures"][0]["reason"] == "mailbox gone"


def _queries_to_send(n, capture, settings):
    segment = make_audience(n, prefix=f"q{n}-", segment_name=f"q{n}")
    send = new_send(segment)
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        start_send(send)
    send.refresh_from_db()
    assert send.state == "sent"
    return len(queries)


def test_database_queries_grow_with_batches_and_one_write_per_group_handed_over(
    django_capture_on_commit_callbacks, settings
):
    settings.SEND_BATCH_SIZE = 250
    settings.SEND_IN_FLIGHT = 10
    small = _queries_to_send(250, django_capture_on_commit_callbacks, settings)
    large = _queries_to_send(1000, django_capture_on_commit_callbacks, settings)

    # Each further batch of 250 costs the same handful of queries, whoever is in it, plus one
    # write per group of SEND_IN_FLIGHT handed over (25 groups): never a query per recipient.
    per_batch = (large - small) / 3
    assert per_batch <= 10 + 25, (small, large)


def test_sending_needs_its_own_permission():
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(codename="can_send_newsletters")
    assert permission.name == "Can send newsletters"
    assert permission.content_type.model == "send"


def test_beat_runs_due_sends_and_crash_recovery_with_registered_tasks(settings):
    from cms.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovers tasks
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"newsletters.start_due_sends", "newsletters.recover_sends"} <= scheduled
    assert scheduled <= set(app.tasks)


def test_the_readers_districts_are_read_only_for_a_message_that_names_them(
    django_capture_on_commit_callbacks,
):
    from dataclasses import replace

    segment = make_audience(3)
    plain = replace(
        CONTENT,
        html="<p>Dear {{ first_name }}</p>",
        text="Dear {{ first_name }}\nUnsubscribe: {{ unsubscribe_url }}\n",
    )
    for content, reads_districts in ((plain, False), (CONTENT, True)):
        mail.outbox.clear()
        send = create_send(content=content, topic="newsletter", segments=[segment])
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            start_send(send)
        assert Send.objects.get(pk=send.pk).state == "sent"
        asked = [q["sql"] for q in queries.captured_queries if "contact_districts" in q["sql"]]
        assert bool(asked) is reads_districts
        assert len(mail.outbox) == 3
    assert "News for Northvale College in Northvale." in mail.outbox[0].body


def test_recovery_never_starts_a_second_chain_for_a_batch_waiting_out_its_backoff(
    django_capture_on_commit_callbacks, settings
):
    """An outage: the batch's task waits (backoff) for its next attempt. Beat's recovery, which
    re-enqueues sends that made no progress for a lease, must see the wait as progress: before,
    it added a new retry chain every minute (14 chains for 5 batches)."""
    from sending.engine.batches import note_waiting

    segment = make_audience(3)
    send = new_send(segment)
    with django_capture_on_commit_callbacks(execute=False):
        start_send(send)  # queued, its batch not run (as while the worker waits)
    note_waiting(send.pk, 300)

    assert recover_sends(lease=0)["requeued_sends"] == 0
    Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(seconds=1))
    assert recover_sends(lease=0)["requeued_sends"] == 1  # a batch nobody works on: enqueued


def test_no_number_of_chains_or_recoveries_gives_a_row_more_than_the_maximum_attempts(
    django_capture_on_commit_callbacks, settings
):
    """Attempts are counted on the row, so even a batch sent by two chains at once (or
    re-enqueued by recovery) stops at SEND_MAX_RETRIES attempts and fails with the reason."""
    from sending.engine.batches import send_range

    settings.EMAIL_BACKEND = f"{__name__}.EspAlways429"
    settings.SEND_MAX_RETRIES = 3
    segment = make_audience(2)
    send = new_send(segment)
    with django_capture_on_commit_callbacks(execute=False):
        start_send(send)
    ids = list(Delivery.objects.filter(send=send).values_list("pk", flat=True))

    for _ in range(6):  # six chains' worth of attempts, whoever runs them
        with contextlib.suppress(TransientSendError):  # raised while attempts remain
            send_range(send.pk, min(ids), max(ids))

    rows = Delivery.objects.filter(send=send)
    assert {r.attempts for r in rows} == {3}
    assert {r.state for r in rows} == {"failed"}
    assert all(r.last_error.startswith("gave up after 3 attempts") for r in rows)
    send.refresh_from_db()
    assert send.state == "sent"
