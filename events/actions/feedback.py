"""An attendee's feedback."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Invitation


def record_feedback(invitation: Invitation, usefulness: int, comments: str):
    """Keep (or replace) an attendee's feedback."""
    from ..models import EventFeedback

    with transaction.atomic():
        feedback, _ = EventFeedback.objects.update_or_create(
            invitation=invitation, defaults={"usefulness": usefulness, "comments": comments}
        )
        log(
            instance=invitation.event,
            action="events.feedback.received",
            data={"invitation": invitation.pk},
        )
    return feedback
