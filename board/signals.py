"""Publishing a board report freezes its snapshot and tells the board (see board.actions)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import BoardReportPage


@receiver(page_published, sender=BoardReportPage, dispatch_uid="board.freeze_on_publish")
def freeze_on_publish(sender, instance, revision=None, **kwargs):
    from .actions import publish_report_snapshot

    user = getattr(revision, "user", None) if revision is not None else None
    publish_report_snapshot(instance, user=user)
