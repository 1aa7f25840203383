"""Operational records that are not content."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Last time each Celery worker answered a ping: lets the coordinator see the queue is alive."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()
    token = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
