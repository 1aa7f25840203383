"""Changes of state in the information hub. Each runs in a transaction and leaves a log entry."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from cms.models import Material, MaterialReviewReminder
from core.partnership import partnership
from sending.engine import MessageContent, send_to_address

logger = logging.getLogger(__name__)


def send_material_review_reminder(material_id: int, today=None) -> bool:
    """Email a material's owner that its review-by date has arrived, once per review-by date.

    Returns True if a reminder was sent now; False if the material is not due, has no owner with
    an email address, or was already reminded for this date. The reminder record and the log entry
    are written in the same transaction as the hand-over to the sending engine, which sends it
    on commit, retries provider errors and shows a failure under Sends.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        material = (
            Material.objects.select_for_update(of=("self",))
            .select_related("owner", "document")
            .filter(pk=material_id)
            .first()
        )
        if material is None or material.review_by > today:
            return False
        owner = material.owner
        if owner is None or not owner.email:
            logger.warning("cms.material.review_reminder_skipped material=%s no owner", material.pk)
            return False
        if MaterialReviewReminder.objects.filter(
            material=material, review_by=material.review_by
        ).exists():
            return False
        try:
            with transaction.atomic():
                MaterialReviewReminder.objects.create(
                    material=material, review_by=material.review_by, sent_to=owner.email
                )
        except IntegrityError:
            return False  # another run got there first
        send_to_address(
            _review_reminder_email(material), owner.email, kind="notification", source=material
        )
        log(
            instance=material,
            action="cms.material.review_reminder_sent",
            user=None,
            data={"review_by": material.review_by.isoformat(), "owner_id": owner.pk},
        )
    return True


def _review_reminder_email(material):
    partnership_name = partnership().name or settings.WAGTAIL_SITE_NAME
    edit_url = settings.SITE_URL + reverse("wagtailsnippets_cms_material:edit", args=[material.pk])
    context = {
        "material": material,
        "owner": material.owner,
        "edit_url": edit_url,
        "overdue_url": settings.SITE_URL + reverse("hub_overdue_materials"),
        "partnership_name": partnership_name,
    }
    return MessageContent(
        subject=f"Review due: {material.title}",
        html=render_to_string("cms/email/review_reminder.html", context),
        text=render_to_string("cms/email/review_reminder.txt", context),
    )
