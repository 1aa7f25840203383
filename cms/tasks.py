from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="cms.record_worker_heartbeat", ignore_result=True)
def record_worker_heartbeat(token: str = "") -> None:
    """Record that a worker is alive (run by beat every minute; also used by the health check)."""
    worker = record_worker_heartbeat.request.hostname or "eager"
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "token": token}
    )
