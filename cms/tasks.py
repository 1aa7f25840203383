import logging

from anymail.exceptions import AnymailError
from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .models import Material

logger = logging.getLogger(__name__)


@shared_task(name="cms.send_material_review_reminders", ignore_result=True)
def send_material_review_reminders() -> int:
    """Remind the owner of every material whose review-by date has come (run daily by beat).

    Safe to run any number of times: each material gets one reminder per review-by date. One
    failed send does not stop the others; it is logged and retried on the next run.
    """
    from .actions import send_material_review_reminder

    today = timezone.localdate()
    sent = 0
    due = Material.objects.review_due(today).exclude(reminders__review_by=F("review_by"))
    for material_id in due.values_list("pk", flat=True):
        try:
            sent += send_material_review_reminder(material_id, today=today)
        except (OSError, AnymailError):
            # SMTP, network and provider errors: nothing was recorded, tomorrow's run retries.
            logger.exception("cms.material.review_reminder_failed material=%s", material_id)
    return sent


@shared_task(name="cms.publish_scheduled", ignore_result=True)
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own command),
    so scheduled publishing works with the beat process alone, without cron."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
