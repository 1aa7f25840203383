"""The rows `core` keeps: the background processes' heartbeats, rate-limit counters for when
the cache is away, and promised tasks."""

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


class RateLimitCounter(models.Model):
    """A rate-limit or lock-out counter kept in the database while the cache (Redis) is
    unreachable. Keys are the same hashed keys the cache uses; expired rows are deleted by
    beat's `core.sweep`."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class PendingTask(models.Model):
    """Work a committed action promised (a confirmation email, an offer, ...), written in the
    action's own transaction. The task runs it and deletes the row in one transaction, so it
    happens exactly once; if the broker was down, beat's `core.sweep` enqueues it again."""

    # Retried with a growing wait, then set aside for an administrator after this many failures
    # (`manage.py retry_pending_tasks` puts them back once the cause is fixed).
    GIVE_UP_AFTER = 10

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
