"""Emerging-issue alerts (outbound): sent through the sending engine to the subscribed
contacts of chosen segments who are in the alert's districts.

Who may send what is `alerts.permissions`; the audience is `alert_audience` (the count shown
before confirming and the audience the engine freezes are the same query)."""

import dataclasses

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from alerts.models import AlertPage
from core.html import richtext_html
from networks.partner_access import MAX_AGE, PURPOSE
from networks.segments import resolve_audience
from sending.audience import audience_for
from sending.engine import (
    MessageContent,
    create_send,
    resend_to_reached,
    send_once,
    send_to_addresses,
    start_send,
)
from sending.models import SendKind
from sending.rendering import richtext_text, tidy_text

from ..permissions import can_send_alert, may_send_alerts, segments_for_sender, within_scope
from .audit import record

ALERT_SECTIONS = (
    ("What is happening", "what_is_happening"),
    ("What to look out for", "look_out_for"),
    ("What to do", "what_to_do"),
    ("Where to report", "where_to_report"),
)
# Contacts opt into alerts with the "Ad-hoc updates and alerts for my districts" topic.
ALERT_TOPIC = "updates"
TEST_SUBJECT_PREFIX = "[Test] "


def render_alert(page: AlertPage) -> MessageContent:
    """The alert rendered once, with the engine's merge fields left for each recipient (its
    "read online" link is each recipient's personal partner link, `{{ partner_url }}`)."""
    context = {
        "page": page,
        "page_url": f"{settings.SITE_URL}{page.url}",
        "link_days": MAX_AGE[PURPOSE].days,
        "districts": ", ".join(d.name for d in page.districts.all()) or "all districts",
        "sections": [
            {
                "title": title,
                "html": richtext_html(getattr(page, field), absolute=True),
                "text": richtext_text(getattr(page, field)),
            }
            for title, field in ALERT_SECTIONS
        ],
    }
    return MessageContent(
        subject=f"Prevent alert: {page.title}",
        html=render_to_string("alerts/email/alert.html", context),
        text=tidy_text(render_to_string("alerts/email/alert.txt", context)),
    )


def alert_audience(page: AlertPage, segments):
    """The contacts an alert reaches: members of `segments`, in one of the alert's districts
    (everyone for a county-wide alert, with none), subscribed to alerts and updates, mailable,
    and partners (alerts are partner-only pages: their text goes to nobody else)."""
    districts = list(page.districts.values_list("pk", flat=True))
    return resolve_audience(segments, ALERT_TOPIC, (), districts, page=page)


def alert_audience_preview(page: AlertPage, segments):
    """`alert_audience` as the confirm page shows it (`sending.audience.Audience`): the people
    a confirm now would reach, why each is in it, and who is left out and why."""
    districts = list(page.districts.values_list("pk", flat=True))
    return audience_for(
        kind=SendKind.ALERT, page=page, topic=ALERT_TOPIC, segments=segments, districts=districts
    )


def _check(page: AlertPage, segments, user) -> list:
    segments = list(segments)
    allowed, reason = can_send_alert(user, page)
    if not allowed:
        raise ValidationError(reason)
    if not segments:
        raise ValidationError("Choose at least one segment to send the alert to.")
    offered = set(segments_for_sender(user).values_list("pk", flat=True))
    if any(s.pk not in offered for s in segments):
        raise PermissionDenied("A segment outside your districts was chosen.")
    return segments


def send_alert(page: AlertPage, segments, user, idempotency_key: str | None = None):
    """Send the live alert `page` to `alert_audience(page, segments)` through the sending engine
    and return the started Send. Raises ValidationError with the reason to show when
    `can_send_alert` refuses or no segment is given, PermissionDenied for a segment not offered to
    `user`. With `idempotency_key` (the confirm form's), a repeated or concurrent request returns
    the first Send and sends, logs and audits nothing more."""
    segments = _check(page, segments, user)
    send, _created = send_once(
        idempotency_key, lambda: _create_alert_send(page, segments, user, idempotency_key)
    )
    return send


def _create_alert_send(page: AlertPage, segments, user, key):
    with transaction.atomic():
        live = page.live_revision.as_object() if page.live_revision_id else page
        send = create_send(
            content=render_alert(live),
            topic=ALERT_TOPIC,
            segments=segments,
            districts=list(page.districts.all()),
            source_page=page,
            kind="alert",
            created_by=user,
            view_in_browser_url=f"{settings.SITE_URL}{page.url}",
            idempotency_key=key,
        )
        start_send(send, user=user)
        send.refresh_from_db()
        record(
            user,
            "alerts.alert.sent",
            None,
            page=page.pk,
            send=send.pk,
            segments=[s.pk for s in segments],
            districts=[d.pk for d in page.districts.all()],
            audience_size=send.recipient_count,
        )
    return send


def resend_alert(page: AlertPage, *, emails, reason, generation, user, idempotency_key):
    """Send the live alert `page` again, now, to the people sends of it already reached (all of
    them, or those of `emails`) who are still in its audience (its districts, subscribed,
    partners), because of `reason`: the engine's `resend_to_reached`, which logs it with the
    reason on the Send and the page; audited as `alerts.alert.resent`. Returns (send, created);
    a repeated request with the same key gets the first Send. Raises ValidationError when
    `can_send_alert` refuses (a re-send needs what a send needs)."""
    allowed, refusal = can_send_alert(user, page)
    if not allowed:
        raise ValidationError(refusal)
    with transaction.atomic():
        live = page.live_revision.as_object() if page.live_revision_id else page
        send, created = resend_to_reached(
            content=render_alert(live),
            kind=SendKind.ALERT,
            page=page,
            topic=ALERT_TOPIC,
            reason=reason,
            generation=generation,
            user=user,
            idempotency_key=idempotency_key,
            emails=emails,
            districts=list(page.districts.values_list("pk", flat=True)),
            view_in_browser_url=f"{settings.SITE_URL}{page.url}",
        )
        if created:
            record(
                user,
                "alerts.alert.resent",
                None,
                page=page.pk,
                send=send.pk,
                generation=generation,
                audience_size=send.recipient_count,
            )
    return send, created


def send_test_alert(page: AlertPage, user) -> str:
    """Email the latest version of `page` to `user`'s own address, now, with sample personal
    details and "[Test] " before the subject (engine `send_to_addresses`, no Delivery row).
    Returns "sent" or the provider's error. Raises ValidationError when `user` has no address
    or may not send this alert."""
    # A test is how a draft is checked, so it needs neither publishing nor approval.
    if not may_send_alerts(user):
        raise ValidationError("You do not have permission to send alerts.")
    if not within_scope(user, page.districts.values_list("pk", flat=True)):
        raise ValidationError("This alert is not about your districts.")
    if not user.email:
        raise ValidationError("Your account has no email address to send a test to.")
    draft = page.get_latest_revision_as_object()
    content = render_alert(draft)
    content = dataclasses.replace(content, subject=TEST_SUBJECT_PREFIX + content.subject)
    outcome = send_to_addresses(
        content, [user.email], ALERT_TOPIC, view_in_browser_url=page.full_url or ""
    )[user.email]
    with transaction.atomic():
        record(user, "alerts.alert.test_sent", None, page=page.pk, sent=outcome == "sent")
    return outcome
