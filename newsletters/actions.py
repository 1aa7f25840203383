"""Changes of state for newsletter authoring. Real sends go through the engine (issue #4)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from wagtail.log_actions import log

from .permissions import SEND_PERMISSION
from .rendering import personalise_preview, render_newsletter, sample_recipient

logger = logging.getLogger(__name__)

MAX_TEST_ADDRESSES = 10
TEST_SUBJECT_PREFIX = "[Test] "


def send_test_newsletter(page, addresses: list[str], user) -> int:
    """Email the latest draft of `page` to each of `addresses` (already validated, at most
    MAX_TEST_ADDRESSES), one message each, with sample personal details, both parts and the
    List-Unsubscribe headers a real send carries. Returns how many were sent; logs
    `newsletters.test_sent` on the page. Raises PermissionDenied without the send permission and
    ValueError for an empty or too long list; mail transport errors propagate (nothing logged).
    """
    if not user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    if not addresses or len(addresses) > MAX_TEST_ADDRESSES:
        raise ValueError(f"Between 1 and {MAX_TEST_ADDRESSES} addresses are needed.")
    draft = page.get_latest_revision_as_object()
    rendered = render_newsletter(draft)
    messages = []
    for address in addresses:
        sample = {**sample_recipient(page), "email": address}
        subject, html, text = personalise_preview(*rendered, sample, page=page)
        message = EmailMultiAlternatives(
            subject=TEST_SUBJECT_PREFIX + subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={
                "List-Unsubscribe": f"<{sample['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    with transaction.atomic():
        sent = get_connection().send_messages(messages) or 0
        # The addresses stay out of the audit entry and the log line: a count is enough.
        log(
            instance=page,
            action="newsletters.test_sent",
            user=user,
            revision=page.get_latest_revision(),
            data={"recipients": sent},
        )
    logger.info("newsletters.test_sent page=%s recipients=%s user=%s", page.pk, sent, user.pk)
    return sent
