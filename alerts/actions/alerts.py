"""Emerging-issue alerts (outbound)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from alerts.models import AlertPage, Outbox
from networks.segments import resolve_segments

from .audit import record


@transaction.atomic
def send_alert(page: AlertPage, segments, user) -> Outbox:
    """Record the intent to send `page` to everyone in `segments` subscribed to updates.

    The newsletters sending engine is not connected yet: the audience is resolved and counted
    now, and one outbox row with status HELD records what is to go to whom; nothing is emailed.
    Raises ValidationError for an unpublished page or no segments.
    """
    segments = list(segments)
    if not page.live:
        raise ValidationError("Publish the alert before sending it.")
    if not segments:
        raise ValidationError("Choose at least one segment to send the alert to.")
    audience = resolve_segments(segments, "updates")
    contact_ids = list(audience.values_list("id", flat=True))
    row = Outbox.objects.create(
        kind=Outbox.Kind.ALERT,
        page=page,
        status=Outbox.Status.HELD,
        created_by=user,
        payload={
            "segments": [s.pk for s in segments],
            "topic": "updates",
            "contacts": contact_ids,
            "audience_size": len(contact_ids),
        },
        last_error="waiting for the newsletters sending engine",
    )
    record(
        user,
        "alerts.alert.send_requested",
        None,
        page=page.pk,
        segments=[s.pk for s in segments],
        audience_size=len(contact_ids),
    )
    return row
