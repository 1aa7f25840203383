from celery import shared_task

from .health import record_heartbeat
from .models import Heartbeat


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that a worker is taking tasks off the queue. Beat sends this every minute (and
    records its own tick as it sends it: see core.signals)."""
    record_heartbeat(Heartbeat.WORKER)
