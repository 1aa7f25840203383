"""A Redis cache that degrades instead of failing: a cache outage costs a miss, never a 500.

Every public page reads the cache (Wagtail's site-root paths, the anonymous page cache, the
glossary), so with a plain `RedisCache` a stopped Redis answers every request with a 500 and a
frozen one (SIGSTOP) makes each request wait for the socket. `FailSoftRedisCache` catches Redis'
errors on each call, logs them, and answers as a miss (`get` → default, `add`/`set` → False).

After an error the backend stays "down" in this process for `CACHE_RETRY_SECONDS` and answers
at once without touching the network, so a frozen Redis costs one socket timeout per process every
few seconds, not one per call. Code that must know whether the cache really answered (the rate
limits, which then count in the database) uses `strict_cache()` and `cache_available()`.
"""

import logging
import time

import redis.exceptions
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("partnerhub.cache")

# What a Redis outage raises from a cache call (refused, reset, timed out, loading, ...).
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)

_down_until = 0.0


def _retry_seconds() -> float:
    return float(settings.CACHE_RETRY_SECONDS)


def cache_available() -> bool:
    """False for a few seconds after a cache call failed in this process."""
    return time.monotonic() >= _down_until


def mark_cache_down(exc: BaseException) -> None:
    """Remember a failed call: skip the cache for `CACHE_RETRY_SECONDS` (logged once per trip)."""
    global _down_until
    if cache_available():
        logger.warning("cache unreachable (%s: %s); serving without it", type(exc).__name__, exc)
    _down_until = time.monotonic() + _retry_seconds()


def reset_cache_state() -> None:
    """Forget a recorded outage (tests)."""
    global _down_until
    _down_until = 0.0


def strict_cache():
    """The default cache with its errors raised (for counters that fall back to the database)."""
    return getattr(cache, "strict", cache)


class _Strict:
    """The same backend and connection pool, with RedisCache's own (raising) methods."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        method = getattr(RedisCache, name)
        return method.__get__(self._backend)


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache whose calls log and miss when Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.strict = _Strict(self)

    def _soft(self, default, method, *args, **kwargs):
        if not cache_available():
            return default
        try:
            return method(*args, **kwargs)
        except CACHE_ERRORS as exc:
            mark_cache_down(exc)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._soft(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._soft({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._soft(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key is a ValueError, as for any cache; an outage is one too (the callers'
        # "start the counter again" path), after being logged.
        result = self._soft(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (or the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._soft(None, super().delete_many, keys, version)

    def clear(self):
        return self._soft(False, super().clear)
