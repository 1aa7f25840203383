"""Emerging-issue alerts (outbound): sent through the newsletters engine to chosen segments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from alerts.models import AlertPage
from newsletters.engine import MessageContent, create_send, start_send
from newsletters.rendering import richtext_html, richtext_text, tidy_text

from .audit import record

ALERT_SECTIONS = (
    ("What is happening", "what_is_happening"),
    ("What to look out for", "look_out_for"),
    ("What to do", "what_to_do"),
    ("Where to report", "where_to_report"),
)


def render_alert(page: AlertPage) -> MessageContent:
    """The alert rendered once, with the engine's merge fields left for each recipient."""
    context = {
        "page": page,
        "page_url": f"{settings.SITE_URL}{page.url}",
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


@transaction.atomic
def send_alert(page: AlertPage, segments, user):
    """Send the published alert `page` to everyone in `segments` subscribed to ad-hoc updates
    (topic "updates"), through the sending engine; returns the started Send. Raises
    ValidationError for an unpublished page or no segments."""
    segments = list(segments)
    if not page.live:
        raise ValidationError("Publish the alert before sending it.")
    if not segments:
        raise ValidationError("Choose at least one segment to send the alert to.")
    send = create_send(
        content=render_alert(page),
        topic="updates",
        segments=segments,
        source_page=page,
        kind="alert",
        created_by=user,
        view_in_browser_url=f"{settings.SITE_URL}{page.url}",
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
        audience_size=send.recipient_count,
    )
    return send
