"""The inbox's per-IP rate limits and the wrong-receipt lock-out (counters in `core.ratelimit`,
in the database while the cache is unreachable, so the lock-out holds through a Redis outage)."""

from django.conf import settings

from core.ratelimit import clear, client_ip, increment, ip_key, read

__all__ = ["client_ip", "hit", "is_locked_out", "record_receipt_failure", "clear_receipt_failures"]


def _key(kind: str, request) -> str:
    return ip_key(f"alerts:{kind}", request)


def hit(kind: str, request, per_hour: int) -> bool:
    """Count one request of `kind` from this IP; True when it is over `per_hour`."""
    return increment(_key(f"rate:{kind}", request), 3600) > per_hour


def is_locked_out(request) -> bool:
    failures = read(_key("receipt-failures", request))
    return failures >= settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT


def record_receipt_failure(request) -> int:
    """Count a wrong receipt; every failure restarts the lock-out period. Returns the count."""
    key = _key("receipt-failures", request)
    return increment(key, settings.ALERTS_LOCKOUT_MINUTES * 60, restart=True)


def clear_receipt_failures(request) -> None:
    clear(_key("receipt-failures", request))
