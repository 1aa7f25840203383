"""At most SEND_DAILY_LIMIT messages in any rolling 24 hours through the configured provider.

The count is the engine's own record, not a separate counter: the deliveries sent in the last
24 hours (any send) plus those claimed and in flight (`sending`), one indexed query. A claim
takes a transaction-level advisory lock before counting (PostgreSQL), so two workers cannot both
see the last free place: the second one counts the first one's claimed rows. Rows a dead worker
left `uncertain` are not counted (they may not have gone out).

Everything sent in the window counts, whichever backend sent it: the hub has one configured
provider at a time, and a change of provider within a day is rare enough to err on the safe
side for.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Delivery, Send, SendState

WINDOW = timedelta(hours=24)
# pg_advisory_xact_lock key: any fixed number no other lock of the hub uses.
_LOCK_KEY = 0x5048_4443  # "PHDC"


def _usage(now: datetime) -> tuple[int, datetime | None]:
    """(messages counted in the window ending `now`, the oldest one's time)."""
    in_window = Q(sent_at__gte=now - WINDOW) | Q(state=Delivery.State.SENDING)
    used = Delivery.objects.filter(in_window).aggregate(
        n=Count("id"), oldest=Min(Coalesce("sent_at", "claimed_at"))
    )
    return used["n"], used["oldest"]


def _wait_until(oldest: datetime | None, now: datetime) -> datetime:
    # The oldest message of the window is the first to leave it; a window of only in-flight
    # rows (no time yet) frees its first place a day from now at the latest.
    return (oldest or now) + WINDOW


def allowance(wanted: int) -> tuple[int, float]:
    """How many of `wanted` messages may be claimed now, and (when none) how many seconds until
    a place frees. Call inside the claim's transaction: on PostgreSQL it takes the lock that
    serialises counting and claiming until that transaction ends."""
    limit = settings.SEND_DAILY_LIMIT
    if limit <= 0 or wanted <= 0:
        return wanted, 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    now = timezone.now()
    used, oldest = _usage(now)
    if used < limit:
        return min(wanted, limit - used), 0.0
    return 0, max((_wait_until(oldest, now) - now).total_seconds(), 1.0)


@dataclass(frozen=True)
class DailyLimitPause:
    limit: int
    resumes_at: datetime


def daily_limit_pause(send: Send, queued: int) -> DailyLimitPause | None:
    """The daily limit's hold on `send` (sending, with `queued` rows still to go), or None when
    it is not held by it. The report's line: the same count the workers make."""
    limit = settings.SEND_DAILY_LIMIT
    if limit <= 0 or send.state != SendState.SENDING or queued <= 0:
        return None
    now = timezone.now()
    used, oldest = _usage(now)
    if used < limit:
        return None
    return DailyLimitPause(limit, _wait_until(oldest, now))
