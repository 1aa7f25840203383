"""The inbox's per-IP rate limits and the wrong-receipt lock-out (counters in `core.ratelimit`,
in the database while the cache is unreachable, so the lock-out holds through a Redis outage)."""

from django.conf import settings

from core.ratelimit import clear, hit, increment, ip_key, read

__all__ = [
    "too_many_submissions",
    "too_many_lookups",
    "too_many_link_emails",
    "is_locked_out",
    "record_receipt_failure",
    "clear_receipt_failures",
]

# A return link is emailed at most this often per IP an hour (it goes to the report's address).
LINK_EMAILS_PER_HOUR = 5


def _key(kind: str, request) -> str:
    return ip_key(f"alerts:{kind}", request)


def too_many_submissions(request) -> bool:
    """Count one report, follow-up or feedback from this IP; True past the hourly limit."""
    return hit("alerts:submit", request, settings.ALERTS_SUBMISSIONS_PER_HOUR)


def too_many_lookups(request) -> bool:
    """Count one receipt look-up from this IP; True past ALERTS_LOOKUPS_PER_HOUR."""
    return hit("alerts:lookup", request, settings.ALERTS_LOOKUPS_PER_HOUR)


def too_many_link_emails(request) -> bool:
    """Count one "email me a link back" from this IP; True past LINK_EMAILS_PER_HOUR."""
    return hit("alerts:email-link", request, LINK_EMAILS_PER_HOUR)


def is_locked_out(request) -> bool:
    failures = read(_key("receipt-failures", request))
    return failures >= settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT


def record_receipt_failure(request) -> int:
    """Count a wrong receipt; every failure restarts the lock-out period. Returns the count."""
    key = _key("receipt-failures", request)
    return increment(key, settings.ALERTS_LOCKOUT_MINUTES * 60, restart=True)


def clear_receipt_failures(request) -> None:
    clear(_key("receipt-failures", request))
