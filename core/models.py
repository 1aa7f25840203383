"""What `core` keeps in the database: the background processes' heartbeats."""

from django.db import models


class Heartbeat(models.Model):
    """When a background process was last seen alive, one row per kind of process.

    "worker": a Celery worker ran the `core.heartbeat` task (beat sends it every minute);
    "beat": beat started or sent that task. Kept in the database rather than the cache because
    the cache (Redis) may be exactly what is down.
    """

    WORKER = "worker"
    BEAT = "beat"

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
