"""Per-IP rate limits and the wrong-receipt lock-out, counted in the Django cache (Redis in
production, so every web process shares the counts).

Our own counters rather than django-ratelimit: a lock-out needs "N failures, then blocked for
M minutes from the last failure", which fixed windows do not give, and django-ratelimit refuses
the in-process cache that the zero-set-up mode uses. IPs are hashed before they become cache
keys, so no address is kept in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (ALERTS_TRUSTED_PROXY_COUNT)."""
    proxies = settings.ALERTS_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"alerts:{kind}:{digest[:32]}"


def _increment(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def hit(kind: str, request, per_hour: int) -> bool:
    """Count one request of `kind` from this IP; True when it is over `per_hour`."""
    return _increment(_key(f"rate:{kind}", request), 3600) > per_hour


def is_locked_out(request) -> bool:
    failures = cache.get(_key("receipt-failures", request), 0)
    return failures >= settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT


def record_receipt_failure(request) -> int:
    """Count a wrong receipt; every failure restarts the lock-out period. Returns the count."""
    key = _key("receipt-failures", request)
    count = _increment(key, settings.ALERTS_LOCKOUT_MINUTES * 60)
    cache.touch(key, settings.ALERTS_LOCKOUT_MINUTES * 60)
    return count


def clear_receipt_failures(request) -> None:
    cache.delete(_key("receipt-failures", request))
