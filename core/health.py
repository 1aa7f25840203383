"""Heartbeats of the background processes, and `/healthz` for a load balancer or monitoring.

Workers and beat each leave a heartbeat row (core.models.Heartbeat): beat when it starts and each
minute as it sends the `core.heartbeat` task, a worker when it starts and each time it runs that
task. A heartbeat older than HEARTBEAT_STALE_SECONDS means the process is gone (or the broker
between them is), so emails and scheduled work are waiting.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Heartbeat, PendingTask

# How long Redis may take to answer the health check's ping before it counts as down.
REDIS_TIMEOUT_SECONDS = 0.5


def stale_after() -> timedelta:
    return timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)


def record_heartbeat(name: str) -> None:
    """Record that the process `name` ("worker" or "beat") is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


@dataclass(frozen=True)
class Beat:
    """One process's heartbeat as the health check sees it."""

    name: str
    last_seen: datetime | None
    fresh: bool

    @property
    def state(self) -> str:
        if self.last_seen is None:
            return "never seen"
        return "ok" if self.fresh else "stale"

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }


def heartbeats(now: datetime | None = None) -> dict[str, Beat]:
    """The worker's and beat's heartbeats. Raises DatabaseError when the database is down."""
    now = now or timezone.now()
    seen = dict(
        Heartbeat.objects.filter(name__in=[Heartbeat.WORKER, Heartbeat.BEAT]).values_list(
            "name", "seen_at"
        )
    )
    return {
        name: Beat(name, seen.get(name), bool(seen.get(name) and now - seen[name] < stale_after()))
        for name in (Heartbeat.WORKER, Heartbeat.BEAT)
    }


def given_up_tasks() -> int:
    """How many promised tasks failed `PendingTask.GIVE_UP_AFTER` times and were set aside."""
    return PendingTask.objects.filter(attempts__gte=PendingTask.GIVE_UP_AFTER).count()


def background_warning() -> str:
    """The admin's warning when the worker or beat has not been seen lately, or when promised
    work was set aside after failing again and again ("" when neither).

    Beat's schedule is what makes a worker run the heartbeat task, so a stopped beat also leaves
    the worker's heartbeat stale; the time given is the older of the two."""
    beats = heartbeats()
    messages = []
    if not all(beat.fresh for beat in beats.values()):
        seen = [beat.last_seen for beat in beats.values() if beat.last_seen]
        if len(seen) < len(beats):
            messages.append(
                "No background worker has been seen yet: emails and scheduled work are waiting."
            )
        else:
            since = timezone.localtime(min(seen))
            messages.append(
                f"No background worker has been seen since {since:%H:%M}: "
                "emails and scheduled work are waiting."
            )
    failed = given_up_tasks()
    if failed:
        messages.append(
            f"{failed} background task{'s' if failed != 1 else ''} (an email or other work an "
            f"action promised) failed {PendingTask.GIVE_UP_AFTER} times and "
            f"{'were' if failed != 1 else 'was'} set aside: once the cause in the worker's log "
            "is fixed, an administrator runs manage.py retry_pending_tasks."
        )
    return " ".join(messages)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def _redis_state() -> str:
    url = settings.REDIS_URL
    if not url:
        return "not configured"
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Status 200 when the database answers and both heartbeats are fresh; 503 otherwise.

    Redis being down is reported but does not by itself fail the check: web processes keep taking
    writes without it (they are stored and swept later), and a worker that cannot reach it stops
    leaving heartbeats within minutes, which does. No addresses, names or errors are given out.
    """
    database = _database_state()
    body = {"database": database, "redis": _redis_state()}
    healthy = database == "ok"
    if healthy:
        beats = heartbeats()
        healthy = all(beat.fresh for beat in beats.values())
        body.update({name: beat.as_json() for name, beat in beats.items()})
        # Reported, not failing the check: the processes are alive; the work needs a person.
        body["given_up_tasks"] = given_up_tasks()
    else:
        body.update({name: {"state": "unknown", "last_seen": None} for name in ("worker", "beat")})
    body["stale_after_seconds"] = int(stale_after().total_seconds())
    body = {"status": "ok" if healthy else "failing", **body}
    return JsonResponse(body, status=200 if healthy else 503)
