"""Transports: how a batch of recipients of one compiled message reaches the email backend.

Chosen from `EMAIL_BACKEND`:
- Django's SMTP backend → `SmtpTransport`: raw MIME built in `mime.py`, every message of the
  batch over one SMTP connection (the fast path).
- an anymail ESP whose inline content supports per-recipient merge data → `AnymailBatchTransport`:
  one API call per group handed over (`SEND_IN_FLIGHT` recipients) with `merge_data`,
  `merge_headers` and `merge_metadata`.
- anything else (other ESPs, locmem, .eml files, console) → `MessageTransport`: one
  `EmailMultiAlternatives` per recipient over one opened connection.

Each returns one `Outcome` per recipient, in order. Provider errors are classified by
`errors.classify`; anything else propagates.
"""

import html as html_lib
from dataclasses import dataclass
from email.utils import formataddr, formatdate, parseaddr

from anymail.backends.base import AnymailBaseBackend
from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.utils.module_loading import import_string

from .content import CompiledContent, Recipient
from .errors import FAILED, RETRY, classify
from .mime import build_message, encode_attachments, new_boundary

SENT = "sent"

# Merge-field syntax of ESPs whose inline (non-template) content takes per-recipient merge data.
# Keyed by backend class path; subclasses inherit their parent's entry.
ESP_MERGE_FIELD_FORMATS = {
    "anymail.backends.mailgun.EmailBackend": "%recipient.{}%",
    "anymail.backends.mailjet.EmailBackend": "[[var:{}]]",
    "anymail.backends.sparkpost.EmailBackend": "{{{{{}}}}}",
    "anymail.backends.test.EmailBackend": "{{{{ {} }}}}",
}


@dataclass
class Outcome:
    status: str  # "sent", "failed" or "retry"
    message_id: str = ""
    error: str = ""


def _from_parts() -> tuple[str, str]:
    """(From header, envelope sender) from DEFAULT_FROM_EMAIL."""
    name, addr = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name, addr)), addr


def _display_to(recipient: Recipient) -> str:
    return formataddr((recipient.name, recipient.email)) if recipient.name else recipient.email


class Transport:
    """A connection to the backend that hands over recipients in as many calls as the caller
    likes: `open()` (None, or why it could not open: a transient reason), `send_open()` for
    each group of recipients, `close()`. The engine hands over a batch a few messages at a time
    and records each group before the next, so a worker killed mid-batch leaves only the group
    it was handing over uncertain (`batches.send_range`)."""

    def open(self) -> str | None:
        try:
            self.backend.open()
        except Exception as exc:
            kind = classify(exc)
            if kind is None:
                raise
            return kind[1]
        return None

    def close(self) -> None:
        self.backend.close()

    def send_open(self, content: CompiledContent, recipients: list[Recipient]) -> list[Outcome]:
        raise NotImplementedError

    def send(self, content: CompiledContent, recipients: list[Recipient]) -> list[Outcome]:
        """Every recipient over one connection: open, hand over, close."""
        failure = self.open()
        if failure is not None:
            return [Outcome(RETRY, error=failure)] * len(recipients)
        try:
            return self.send_open(content, recipients)
        finally:
            self.close()


class SmtpTransport(Transport):
    def __init__(self, backend: SmtpBackend):
        self.backend = backend
        self.gone = ""  # why the connection was lost: every later recipient waits for a retry
        self._prepared = None

    def _parts(self, content: CompiledContent):
        """Per connection and content: the date, MIME boundary and encoded attachments, made
        once however many groups the batch is handed over in."""
        if self._prepared is None or self._prepared[0] is not content:
            self._prepared = (
                content,
                formatdate(usegmt=True),
                new_boundary(),
                encode_attachments(content.attachments),
            )
        return self._prepared[1:]

    def send_open(self, content: CompiledContent, recipients: list[Recipient]) -> list[Outcome]:
        if self.gone:
            return [Outcome(RETRY, error=self.gone)] * len(recipients)
        from_header, envelope_from = _from_parts()
        date, boundary, attachment_parts = self._parts(content)
        outcomes: list[Outcome] = []
        for index, recipient in enumerate(recipients):
            subject, html, text = content.personalise(recipient)
            try:
                raw = build_message(
                    from_email=from_header,
                    to_email=recipient.email,
                    to_name=recipient.name,
                    subject=subject,
                    text=text,
                    html=html,
                    headers=content.recipient_headers(recipient),
                    message_id=recipient.message_id,
                    date=date,
                    boundary=boundary,
                    attachment_parts=attachment_parts,
                )
                self.backend.connection.sendmail(envelope_from, [recipient.email], raw)
            except Exception as exc:
                kind = classify(exc)
                if kind is None:
                    raise
                status, reason = kind
                outcomes.append(Outcome(status, error=reason))
                if status == RETRY and not self._usable():
                    # The connection is gone: the rest of the batch waits for the retry.
                    self.gone = reason
                    rest = len(recipients) - index - 1
                    outcomes.extend([Outcome(RETRY, error=reason)] * rest)
                    break
                continue
            outcomes.append(Outcome(SENT, message_id=recipient.message_id))
        return outcomes

    def _usable(self) -> bool:
        connection = self.backend.connection
        if connection is None or getattr(connection, "sock", None) is None:
            return False
        try:
            return connection.noop()[0] == 250
        except Exception as exc:
            if classify(exc) is None:
                raise
            return False

    def close(self):
        try:
            self.backend.close()
        except Exception as exc:
            # Closing a dead connection can fail; every message's outcome is already known.
            if classify(exc) is None:
                raise
            self.backend.connection = None


class MessageTransport(Transport):
    """One message per recipient through any Django email backend, one connection per batch."""

    def __init__(self, backend):
        self.backend = backend

    def build(self, content: CompiledContent, recipient: Recipient) -> EmailMultiAlternatives:
        subject, html, text = content.personalise(recipient)
        headers = content.recipient_headers(recipient)
        if recipient.message_id:
            headers["Message-ID"] = recipient.message_id
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[_display_to(recipient)],
            headers=headers,
            connection=self.backend,
        )
        if html is not None:
            message.attach_alternative(html, "text/html")
        for attachment in content.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        return message

    def send_open(self, content: CompiledContent, recipients: list[Recipient]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for recipient in recipients:
            try:
                message = self.build(content, recipient)
                self.backend.send_messages([message])
            except Exception as exc:
                kind = classify(exc)
                if kind is None:
                    raise
                outcomes.append(Outcome(kind[0], error=kind[1]))
                continue
            status = getattr(message, "anymail_status", None)
            message_id = (status.message_id if status else None) or recipient.message_id
            outcomes.append(Outcome(SENT, message_id=str(message_id or "")))
        return outcomes


class AnymailBatchTransport(Transport):
    """One ESP API call per group of recipients handed over; the ESP fills in each recipient's
    merge fields."""

    def __init__(self, backend: AnymailBaseBackend, field_format: str):
        self.backend = backend
        self.field_format = field_format

    def open(self) -> str | None:
        return None  # each API call is its own request

    def close(self) -> None:
        pass

    def send_open(self, content: CompiledContent, recipients: list[Recipient]) -> list[Outcome]:
        fmt = self.field_format
        message = AnymailMessage(
            subject=content.subject.convert(fmt),
            body=content.text.convert(fmt),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[_display_to(r) for r in recipients],
            headers=dict(content.headers),
            connection=self.backend,
        )
        if content.html is not None:
            # The HTML part gets its own, escaped copies of the values.
            message.attach_alternative(content.html.convert(fmt, prefix="html_"), "text/html")
        for attachment in content.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        message.merge_data = {
            r.email: {
                **r.values,
                **{f"html_{k}": html_lib.escape(v, quote=True) for k, v in r.values.items()},
            }
            for r in recipients
        }
        message.merge_headers = {r.email: content.recipient_headers(r) for r in recipients}
        message.merge_metadata = {
            r.email: {"delivery_id": str(r.delivery_id or "")} for r in recipients
        }
        try:
            self.backend.send_messages([message])
        except Exception as exc:
            kind = classify(exc)
            if kind is None:
                raise
            status, reason = kind
            if status == FAILED and len(recipients) > 1:
                # One bad address must not fail the whole batch: isolate it.
                return [o for r in recipients for o in self.send_open(content, [r])]
            return [Outcome(status, error=reason)] * len(recipients)
        by_email = message.anymail_status.recipients
        outcomes = []
        for recipient in recipients:
            status = by_email.get(recipient.email)
            if status is None:
                outcomes.append(Outcome(FAILED, error="the provider did not report this address"))
            elif status.status in ("rejected", "invalid", "failed"):
                outcomes.append(Outcome(FAILED, error=f"the provider answered {status.status}"))
            else:
                outcomes.append(Outcome(SENT, message_id=str(status.message_id or "")))
        return outcomes


def _batch_field_format(backend) -> str | None:
    for cls in type(backend).__mro__:
        fmt = ESP_MERGE_FIELD_FORMATS.get(f"{cls.__module__}.{cls.__name__}")
        if fmt:
            return fmt
    return None


def get_transport():
    """A transport for the configured EMAIL_BACKEND (a new backend instance each call)."""
    if issubclass(import_string(settings.EMAIL_BACKEND), AnymailBaseBackend):
        # Per-recipient statuses are read from the answer; refusing a whole batch because
        # every address was refused is handled as a per-row failure instead of an exception.
        backend = get_connection(ignore_recipient_status=True)
        fmt = _batch_field_format(backend)
        if fmt:
            return AnymailBatchTransport(backend, fmt)
        return MessageTransport(backend)
    backend = get_connection()
    if isinstance(backend, SmtpBackend):
        return SmtpTransport(backend)
    return MessageTransport(backend)
