"""Rate limits for public forms, counted in the Django cache (Redis in production, so every web
process shares the counts): per client IP, and per email address for forms that send an email
to an address someone typed (so a form cannot be used to flood somebody's inbox).

Our own counters rather than django-ratelimit: the alerts inbox needs a lock-out ("N failures,
then blocked for M minutes from the last failure"), which fixed windows do not give, and
django-ratelimit refuses the in-process cache that the zero-set-up mode uses. IPs and addresses
are hashed before they become cache keys, so neither is kept in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


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


def increment(key: str, timeout: int) -> int:
    """Add one to a counter that lives `timeout` seconds from its first count; the new count."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def hit(scope: str, request, per_hour: int) -> bool:
    """Count one request of `scope` from this IP; True when it is over `per_hour`."""
    return increment(ip_key(f"{scope}:rate", request), 3600) > per_hour


def address_hit(scope: str, email: str, per_hour: int) -> bool:
    """Count one email of `scope` to this address; True when it is over `per_hour`."""
    return increment(f"{scope}:address:{_digest(email.lower())}", 3600) > per_hour
