"""The inbox's per-IP rate limits and the wrong-receipt lock-out (counters in `cms.ratelimit`)."""

from django.conf import settings
from django.core.cache import cache

from cms.ratelimit import client_ip, increment, ip_key

__all__ = ["client_ip", "hit", "is_locked_out", "record_receipt_failure", "clear_receipt_failures"]


def _key(kind: str, request) -> str:
    return ip_key(f"alerts:{kind}", request)


def hit(kind: str, request, per_hour: int) -> bool:
    """Count one request of `kind` from this IP; True when it is over `per_hour`."""
    return increment(_key(f"rate:{kind}", request), 3600) > per_hour


def is_locked_out(request) -> bool:
    failures = cache.get(_key("receipt-failures", request), 0)
    return failures >= settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT


def record_receipt_failure(request) -> int:
    """Count a wrong receipt; every failure restarts the lock-out period. Returns the count."""
    key = _key("receipt-failures", request)
    count = increment(key, settings.ALERTS_LOCKOUT_MINUTES * 60)
    cache.touch(key, settings.ALERTS_LOCKOUT_MINUTES * 60)
    return count


def clear_receipt_failures(request) -> None:
    cache.delete(_key("receipt-failures", request))
