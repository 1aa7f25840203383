"""Changes of state for newsletter authoring and sending. Every message goes out through the
sending engine (`sending.engine`): test sends through `send_to_addresses`, real sends through
`create_send` / `start_send`."""

import logging
from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from sending.engine import (
    MessageContent,
    create_send,
    resend_to_reached,
    send_once,
    send_to_addresses,
    start_send,
)
from sending.models import Send, SendKind
from sending.permissions import SEND_PERMISSION

from .models import NewsletterPage
from .permissions import can_send
from .rendering import newsletter_web_url, render_newsletter

logger = logging.getLogger(__name__)

MAX_TEST_ADDRESSES = 10
TEST_SUBJECT_PREFIX = "[Test] "

# The engine's send kind for each kind of issue (its topic comes from `NewsletterPage.topic`).
SEND_KIND_OF_ISSUE = {
    NewsletterPage.Kind.QUARTERLY: SendKind.NEWSLETTER,
    NewsletterPage.Kind.AD_HOC: SendKind.UPDATE,
}


class NotReadyToSend(Exception):  # noqa: N818 - a refusal with a reason, not a failure
    """The issue may not be sent now; `str(exc)` is the reason to show the coordinator."""


def issue_content(page) -> MessageContent:
    """`page` rendered once into the engine's content, merge fields left in. The "view in browser"
    link is the issue's own address, the same for every reader."""
    subject, html, text = render_newsletter(page)
    return MessageContent(subject=subject, html=html, text=text)


def send_test_newsletter(page, addresses: list[str], user) -> dict[str, str]:
    """Email the latest draft of `page` to each of `addresses` (already validated, at most
    MAX_TEST_ADDRESSES) through the engine's `send_to_addresses`: one message each, the sample
    reader the preview shows (links open a page saying they are samples), both parts and the
    List-Unsubscribe headers a real send carries, "[Test] " before the subject.
    Returns {address: "sent" | the provider's error}; logs `newsletters.test_sent` on the page
    with the count sent. Raises PermissionDenied without the send permission and ValueError for
    an empty or too long list.
    """
    if not user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    if not addresses or len(addresses) > MAX_TEST_ADDRESSES:
        raise ValueError(f"Between 1 and {MAX_TEST_ADDRESSES} addresses are needed.")
    draft = page.get_latest_revision_as_object()
    content = issue_content(draft)
    content = replace(content, subject=TEST_SUBJECT_PREFIX + content.subject)
    results = send_to_addresses(
        content, addresses, page.specific.topic, view_in_browser_url=newsletter_web_url(page)
    )
    sent = sum(1 for outcome in results.values() if outcome == "sent")
    with transaction.atomic():
        # The addresses stay out of the audit entry and the log line: a count is enough.
        log(
            instance=page,
            action="newsletters.test_sent",
            user=user,
            revision=page.get_latest_revision(),
            data={"recipients": sent},
        )
    logger.info("newsletters.test_sent page=%s recipients=%s user=%s", page.pk, sent, user.pk)
    return results


def send_newsletter_to_segments(
    page, *, segments, exclude_segments=(), scheduled_at=None, user, idempotency_key=None
) -> Send:
    """Send the live revision of `page` to `segments` minus `exclude_segments`, to the topic its
    kind implies (quarterly → newsletter, ad-hoc → updates): now (the send is started and its
    batches enqueued on commit) or, with `scheduled_at`, scheduled for beat to start then.

    Raises NotReadyToSend with the reason when `can_send(user, page)` refuses. The engine logs
    the send's creation and start on the Send; `newsletters.send_requested` is logged on the page.
    With `idempotency_key` (from the confirm form), a repeated or concurrent request with the same
    key returns the first Send and creates, starts and logs nothing.
    """
    page = page.specific
    allowed, reason = can_send(user, page)
    if not allowed:
        raise NotReadyToSend(reason)
    send, _created = send_once(
        idempotency_key,
        lambda: _create_newsletter_send(
            page, segments, exclude_segments, scheduled_at, user, idempotency_key
        ),
    )
    return send


def _create_newsletter_send(page, segments, exclude_segments, scheduled_at, user, key) -> Send:
    live = page.live_revision.as_object()
    with transaction.atomic():
        send = create_send(
            content=issue_content(live),
            topic=page.topic,
            segments=segments,
            exclude_segments=exclude_segments,
            source_page=page,
            kind=SEND_KIND_OF_ISSUE[page.kind],
            scheduled_at=scheduled_at,
            created_by=user,
            view_in_browser_url=newsletter_web_url(page),
            idempotency_key=key,
        )
        if scheduled_at is None:
            send = start_send(send, user=user)
        log(
            instance=page,
            action="newsletters.send_requested",
            user=user,
            revision=page.live_revision,
            data={"send": send.pk, "scheduled_at": scheduled_at and scheduled_at.isoformat()},
        )
    logger.info("newsletters.send_requested page=%s send=%s user=%s", page.pk, send.pk, user.pk)
    return send


def resend_issue(page, *, emails, reason, generation, user, idempotency_key) -> tuple[Send, bool]:
    """Send the live revision of `page` again, now, to the people sends of it already reached
    (all of them, or those of `emails`), because of `reason`: the engine's `resend_to_reached`,
    which logs it with the reason on the Send and the page. Returns (send, created); a repeated
    request with the same key gets the first Send. Raises NotReadyToSend when `can_send(user,
    page)` refuses (a re-send needs what a send needs)."""
    page = page.specific
    allowed, refusal = can_send(user, page)
    if not allowed:
        raise NotReadyToSend(refusal)
    send, created = resend_to_reached(
        content=issue_content(page.live_revision.as_object()),
        kind=SEND_KIND_OF_ISSUE[page.kind],
        page=page,
        topic=page.topic,
        reason=reason,
        generation=generation,
        user=user,
        idempotency_key=idempotency_key,
        emails=emails,
        view_in_browser_url=newsletter_web_url(page),
    )
    if created:
        logger.info("newsletters.resent page=%s send=%s user=%s", page.pk, send.pk, user.pk)
    return send, created
