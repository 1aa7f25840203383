"""Rate limits and lock-outs for public forms, shared by every app.

Counted in the Django cache (Redis in production, so every web process shares the counts): per
client IP, and per email address for forms that send an email to an address someone typed (so a
form cannot be used to flood somebody's inbox). IPs and addresses are hashed before they become
keys, so neither is kept in clear.

When the cache is unreachable the same counters are kept in the database (`RateLimitCounter`):
a Redis outage neither rejects a report nor opens the limits, and the receipt lock-out stays
enforced (`read` takes the larger of the two counts).

Our own counters rather than django-ratelimit: the alerts inbox needs a lock-out ("N failures,
then blocked for M minutes from the last failure"), which fixed windows do not give, and
django-ratelimit refuses the in-process cache that the zero-set-up mode uses.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .cache import CACHE_ERRORS, cache_available, mark_cache_down, strict_cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (TRUSTED_PROXY_COUNT)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def ip_key(scope: str, request) -> str:
    return f"{scope}:{_digest(client_ip(request))}"


def _db_increment(key: str, timeout: int, restart: bool) -> int:
    from .models import RateLimitCounter

    now = timezone.now()
    expires = now + timedelta(seconds=timeout)
    with transaction.atomic():
        row, created = RateLimitCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"count": 1, "expires_at": expires}
        )
        if created:
            return 1
        if row.expires_at <= now:
            row.count, row.expires_at = 0, expires
        row.count += 1
        if restart:
            row.expires_at = expires
        row.save(update_fields=["count", "expires_at"])
        return row.count


def _db_read(key: str) -> int:
    from .models import RateLimitCounter

    row = RateLimitCounter.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return row.count if row else 0


def increment(key: str, timeout: int, *, restart: bool = False) -> int:
    """Add one to a counter that lives `timeout` seconds from its first count (from this count
    with `restart`); the new count. In the database while the cache is unreachable."""
    if cache_available():
        cache = strict_cache()
        try:
            cache.add(key, 0, timeout)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout)
                count = 1
            if restart:
                cache.touch(key, timeout)
            return count
        except CACHE_ERRORS as exc:
            mark_cache_down(exc)
    return _db_increment(key, timeout, restart)


def read(key: str) -> int:
    """The current count: the larger of the cache's and the database's (counts made during an
    outage still hold once the cache is back)."""
    count = 0
    if cache_available():
        try:
            count = strict_cache().get(key, 0) or 0
        except CACHE_ERRORS as exc:
            mark_cache_down(exc)
    return max(count, _db_read(key))


def clear(key: str) -> None:
    from .models import RateLimitCounter

    if cache_available():
        try:
            strict_cache().delete(key)
        except CACHE_ERRORS as exc:
            mark_cache_down(exc)
    RateLimitCounter.objects.filter(key=key).delete()


def hit(scope: str, request, per_hour: int) -> bool:
    """Count one request of `scope` from this IP; True when it is over `per_hour`."""
    return increment(ip_key(f"{scope}:rate", request), 3600) > per_hour


def address_hit(scope: str, email: str, per_hour: int) -> bool:
    """Count one email of `scope` to this address; True when it is over `per_hour`."""
    return increment(f"{scope}:address:{_digest(email.lower())}", 3600) > per_hour
