"""Real services in tests. Locally a missing service skips the test; on CI (CI=true) it fails."""

import os
import socket

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, why: str) -> None:
    """Skip the calling test when `condition` is false; on CI, where nothing may skip, fail it."""
    if condition:
        return
    if on_ci():
        pytest.fail(f"CI=true and a required service is missing: {why}")
    pytest.skip(why)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (the OS's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def postgres_in_use() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
