"""Attachments through the engine: the fast SMTP path, Django backends, anymail batches, a retry,
and a real worker (which reads them back from the Send row, not from the caller's memory)."""

import email
from dataclasses import replace
from email import policy

import pytest
from django.core import mail

from sending.engine import Attachment, create_send, send_to_address, start_send
from sending.engine.content import CompiledContent, Recipient
from sending.engine.mime import build_message, encode_attachments
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, SmtpSink, make_audience, smtp_worker_env
from tests.support.worker import wait_for

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "SUMMARY:Annual Prevent event – day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 20
WITH_FILES = replace(
    CONTENT,
    attachments=(
        Attachment("event.ics", ICS, "text/calendar; method=REQUEST"),
        Attachment("programme.pdf", PDF, "application/pdf"),
    ),
)


def attachments_of(message) -> dict[str, tuple[str, bytes]]:
    return {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_attachments()
    }


def test_the_fast_mime_message_carries_both_parts_and_the_files_byte_for_byte():
    compiled = CompiledContent(WITH_FILES)
    values = {"first_name": "Zoë", "organisation": "Northvale School", "districts": "Northvale"}
    subject, html, text = compiled.personalise(Recipient("zoe@example.org", "Zoë", values))
    raw = build_message(
        from_email="prevent@example.org",
        to_email="zoe@example.org",
        to_name="Zoë",
        subject=subject,
        text=text,
        html=html,
        headers={},
        message_id="<a@example.org>",
        attachment_parts=encode_attachments(compiled.attachments),
    )

    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    assert "Dear Zoë," in parsed.get_body(("plain",)).get_content()
    assert "<p>Dear Zoë,</p>" in parsed.get_body(("html",)).get_content()
    files = attachments_of(parsed)
    assert files["event.ics"] == ("text/calendar", ICS.encode("utf-8"))
    assert files["programme.pdf"] == ("application/pdf", PDF)
    ics_part = next(p for p in parsed.iter_attachments() if p.get_filename() == "event.ics")
    assert ics_part.get_param("method") == "REQUEST"


def test_a_text_only_message_with_a_file_is_still_well_formed():
    raw = build_message(
        from_email="prevent@example.org",
        to_email="a@example.org",
        to_name="",
        subject="Plain",
        text="Just text\r\n",
        html=None,
        headers={},
        message_id="<x@example.org>",
        attachment_parts=encode_attachments([Attachment("notes.txt", "hello", "text/plain")]),
    )
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_body(("plain",)).get_content().strip() == "Just text"
    assert attachments_of(parsed) == {"notes.txt": ("text/plain", b"hello")}


def test_a_filename_cannot_smuggle_headers_and_oversized_files_are_refused_with_a_reason():
    attachment = Attachment('evil"\r\nBcc: x@example.org.ics', b"x", "text/plain\r\nX-Bad: 1")
    assert "\r" not in attachment.filename and '"' not in attachment.filename
    assert "\n" not in attachment.mimetype
    with pytest.raises(ValueError, match="link to the file on the hub instead"):
        replace(CONTENT, attachments=(Attachment("big.pdf", b"0" * (3 * 1024 * 1024)),))


@pytest.mark.django_db
def test_a_one_off_message_keeps_its_files_on_the_send_and_django_backends_attach_them(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_to_address(WITH_FILES, "officer@example.org")

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    stored = Send.objects.get(pk=delivery.send_id).attachments
    assert [a["filename"] for a in stored] == ["event.ics", "programme.pdf"]
    (message,) = mail.outbox
    assert [(a[0], a[2]) for a in message.attachments] == [
        ("event.ics", "text/calendar; method=REQUEST"),
        ("programme.pdf", "application/pdf"),
    ]
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert attachments_of(parsed)["programme.pdf"] == ("application/pdf", PDF)


@pytest.mark.django_db
def test_anymail_batches_carry_the_files_once_per_api_call(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    segment = make_audience(3)
    send = create_send(content=WITH_FILES, topic="newsletter", segments=[segment])
    with django_capture_on_commit_callbacks(execute=True):
        start_send(send)

    (message,) = mail.outbox
    assert message.anymail_test_params["is_batch_send"] is True
    names = [a.name for a in message.anymail_test_params["attachments"]]
    assert names == ["event.ics", "programme.pdf"]


@pytest.mark.worker
def test_a_real_worker_sends_the_files_it_reads_from_the_send_row(celery_worker_process):
    smtp = SmtpSink().start()
    try:
        celery_worker_process.start("w1", env=smtp_worker_env(smtp))
        delivery = send_to_address(WITH_FILES, "officer@example.org")
        wait_for(
            lambda: Delivery.objects.get(pk=delivery.pk).state == "sent",
            timeout=60,
            message="attachment message sent",
        )
        (raw,) = smtp.messages
    finally:
        smtp.stop()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    files = attachments_of(parsed)
    assert files["event.ics"] == ("text/calendar", ICS.encode("utf-8"))
    assert files["programme.pdf"] == ("application/pdf", PDF)
