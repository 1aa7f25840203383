"""A messages-per-second limit per email backend, shared by every worker through Redis.

A token bucket kept in one Redis hash and updated by a Lua script, so concurrent workers on any
machine draw from the same bucket atomically and by Redis's clock. A worker asks for up to n
tokens and gets what is available now; when it gets none it is told how long until the next
one, and re-schedules its task for then (nobody sleeps).

Without Redis (`make run`'s zero-set-up mode, one machine) the limit is a one-second window
counted in the Django cache instead: a file cache there, shared by the worker's processes.
"""

import time
from functools import lru_cache

import redis
from django.conf import settings
from django.core.cache import cache

# KEYS[1] bucket; ARGV: rate per second, capacity, tokens wanted.
# Returns {granted, milliseconds until the next token (when none granted)}.
_BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
local granted = math.min(wanted, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
local wait = 0
if granted == 0 then
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
return {granted, wait}
"""


@lru_cache(maxsize=4)
def _script(url: str):
    client = redis.Redis.from_url(url)
    return client.register_script(_BUCKET_SCRIPT)


def acquire(bucket: str, wanted: int, rate: int | None = None) -> tuple[int, float]:
    """Take up to `wanted` tokens from `bucket`. Returns (granted, seconds to wait if none).

    Unlimited (granted == wanted) when the rate is 0, or when tasks run eagerly in-process (unit
    tests). The bucket holds one second's worth of tokens. Without Redis, see _acquire_locally.
    """
    rate = settings.SEND_RATE_LIMIT_PER_SECOND if rate is None else rate
    url = settings.REDIS_URL
    if rate <= 0 or wanted <= 0 or settings.CELERY_TASK_ALWAYS_EAGER:
        return wanted, 0.0
    if not url:
        return _acquire_locally(bucket, wanted, rate)
    granted, wait_ms = _script(url)(
        keys=[f"partnerhub:send-rate:{bucket}"], args=[rate, max(rate, 1), wanted]
    )
    return int(granted), int(wait_ms) / 1000


def _acquire_locally(bucket: str, wanted: int, rate: int) -> tuple[int, float]:
    """At most `rate` messages in each wall-clock second, counted in the Django cache (no Redis:
    one machine, so the count is shared through the file cache; good enough for a dev stack)."""
    now = time.time()
    key = f"send-rate:{bucket}:{int(now)}"
    cache.add(key, 0, timeout=5)
    try:
        used = cache.incr(key, wanted) - wanted
    except ValueError:  # expired between add and incr
        cache.set(key, wanted, timeout=5)
        used = 0
    granted = max(0, min(wanted, rate - used))
    if granted < wanted:
        cache.decr(key, wanted - granted)
    return granted, 0.0 if granted else max(int(now) + 1 - now, 0.01)
