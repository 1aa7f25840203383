"""Helpers for sending-engine tests and benchmarks: an audience, an SMTP sink, a fake ESP."""

import asyncio
import contextlib
import os
import smtplib
import socket
import subprocess
import threading
import time
from collections import Counter

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from anymail.message import AnymailRecipientStatus
from django.core.mail.backends.base import BaseEmailBackend

from sending.engine import MessageContent
from tests.support.services import free_port

CONTENT = MessageContent(
    subject="Prevent Partnership news for {{ first_name }}",
    html=(
        "<html><body><p>Dear {{ first_name }},</p>"
        "<p>News for {{ organisation }} in {{ districts }}.</p>"
        '<p><a href="{{ preferences_url }}">Your preferences</a> · '
        '<a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>'
    ),
    text=(
        "Dear {{ first_name }},\n\nNews for {{ organisation }} in {{ districts }}.\n\n"
        "Your preferences: {{ preferences_url }}\nUnsubscribe: {{ unsubscribe_url }}\n"
    ),
)


def make_audience(n: int, *, topic: str = "newsletter", prefix: str = "lead", segment_name=None):
    """`n` subscribed contacts (bulk-created) and a segment naming all of them. Returns the
    segment; addresses are `{prefix}{i}@example.org`."""
    from networks.models import (
        Contact,
        District,
        Organisation,
        Segment,
        SegmentMember,
        Subscription,
    )

    district, _ = District.objects.get_or_create(name="Northvale")
    organisation, _ = Organisation.objects.get_or_create(name="Northvale College")
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                first_name=f"Lee{i}",
                last_name="Lead",
                email=f"{prefix}{i}@example.org",
                organisation=organisation,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    if not all(c.pk for c in contacts):
        contacts = list(Contact.objects.filter(email__startswith=prefix).order_by("id"))
    Subscription.objects.bulk_create(
        [Subscription(contact=c, topic=topic, status="subscribed") for c in contacts],
        batch_size=2000,
    )
    Contact.districts.through.objects.bulk_create(
        [Contact.districts.through(contact=c, district=district) for c in contacts],
        batch_size=2000,
    )
    segment = Segment.objects.create(name=segment_name or f"{prefix} segment", rules={})
    SegmentMember.objects.bulk_create(
        [SegmentMember(segment=segment, contact=c) for c in contacts], batch_size=2000
    )
    return segment


def smtp_worker_env(sink, **extra) -> dict:
    """Environment for a test's Celery worker that sends over SMTP to `sink`."""
    return {
        "TEST_EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        **{k: str(v) for k, v in extra.items()},
    }


def sent_test_emails():
    """The "[Test]" emails in Django's outbox (Wagtail's workflow notifications share it)."""
    from django.core import mail

    return [m for m in mail.outbox if m.subject.startswith("[Test] ")]


class BrokenMailBackend(BaseEmailBackend):
    """A mail provider that is down (EMAIL_BACKEND = "tests.support.sending.BrokenMailBackend")."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("provider unreachable")


class SmtpSink:
    """An aiosmtpd server in a thread that counts the messages each address receives.

    `delay` seconds per message slows it down so a test can act mid-send.
    """

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.received: Counter = Counter()
        self.messages: list[bytes] = []
        self.arrivals: list[float] = []  # time.monotonic() of each message
        self.port = free_port()
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.arrivals.append(time.monotonic())
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt.lower()] += 1
            if len(self.messages) < 50:
                self.messages.append(envelope.content)
        return "250 Message accepted"

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.received.values())

    def start(self):
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller:
            self._controller.stop()


class PostfixSmtpSink:
    """Postfix's smtp-sink (C, fast): for benchmarks, where the sink must not be the limit."""

    def __init__(self, binary: str = "/usr/sbin/smtp-sink"):
        self.binary = binary
        self.port = free_port()
        self.proc = None

    def start(self):
        # smtp-sink refuses to run as root without a user to drop privileges to.
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.proc = subprocess.Popen(
            [self.binary, *user, "-c", "-4", f"127.0.0.1:{self.port}", "1000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return self
            time.sleep(0.05)
        raise RuntimeError("smtp-sink did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


class FakeEsp(AnymailTestBackend):
    """An anymail-style ESP backend for worker tests (EMAIL_BACKEND in the worker's env).

    It records each accepted address in Redis (`fake-esp:sent`, visible to the test process) and
    can be told, through Redis, to answer the first N calls with HTTP 429 (`fake-esp:fail-429`)
    or to reject one address permanently (`fake-esp:reject`).
    """

    def post_to_esp(self, payload, message):
        client = _redis()
        if client.decr("fake-esp:fail-429") >= 0:
            raise AnymailAPIError("429 Too Many Requests", status_code=429)
        rejected = (client.get("fake-esp:reject") or b"").decode()
        statuses = {}
        for index, email in enumerate(payload.recipient_emails):
            if email == rejected:
                statuses[email] = AnymailRecipientStatus(message_id=None, status="rejected")
            else:
                client.rpush("fake-esp:sent", email)
                statuses[email] = AnymailRecipientStatus(
                    message_id=f"fake-{os.getpid()}-{time.monotonic_ns()}-{index}", status="sent"
                )
        return {"recipient_status": statuses}

    @staticmethod
    def reset(fail_429: int = 0, reject: str = ""):
        client = _redis()
        client.delete("fake-esp:sent", "fake-esp:reject")
        client.set("fake-esp:fail-429", fail_429)
        if reject:
            client.set("fake-esp:reject", reject)

    @staticmethod
    def sent() -> Counter:
        return Counter(e.decode() for e in _redis().lrange("fake-esp:sent", 0, -1))
