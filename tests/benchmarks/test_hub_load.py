"""The hub under load: gunicorn with production settings on PostgreSQL and Redis, driven by a
separate load-generator process on 127.0.0.1.

Target (docs/measurements.md): the home page and a content page each serve at least 300 requests/s
with a 95th percentile under 50 ms once warm. Run with `make bench`; prints one JSON line per
figure.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.support.gunicorn import Gunicorn
from tests.support.services import (
    free_port,
    postgres_in_use,
    redis_available,
    redis_url,
    require,
)

ROOT = Path(__file__).resolve().parents[2]
TARGET_RPS = 300
TARGET_P95_MS = 50
PATHS = {"home": "/", "content_page": "/prevent-and-channel/"}
MEASURED_REQUESTS = 4000
CONCURRENCY = 8
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "3"))


def _server_env(tmp_path, port) -> dict:
    from django.db import connection

    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=redis_url(),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOW_HTTP_SITE_URL="true",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(tmp_path / "var"),
        LOG_LEVEL="WARNING",
    )
    return env


def _purge_redis_page_cache():
    import redis

    client = redis.Redis.from_url(redis_url())
    for key in client.scan_iter(match="*hub:pagecache*", count=500):
        client.delete(key)


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path):
    require(postgres_in_use(), "needs DATABASE_URL pointing at PostgreSQL")
    require(redis_available(), "needs REDIS_URL pointing at a running Redis")
    call_command("seed_demo", verbosity=0)
    _purge_redis_page_cache()
    port = free_port()
    env = _server_env(tmp_path, port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    server = Gunicorn(
        env, tmp_path / "gunicorn.log", port=port, workers=WORKERS, args=["--keep-alive", "30"]
    ).start()
    try:
        yield server.base
    finally:
        server.stop()


def _load(base, path) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.loadgen",
            "--base",
            base,
            "--path",
            path,
            "--requests",
            str(MEASURED_REQUESTS),
            "--concurrency",
            str(CONCURRENCY),
            "--warmup",
            "400",
            "--max-seconds",
            "60",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.bench
def test_home_and_content_pages_serve_300_requests_a_second_with_p95_under_50ms(
    gunicorn_server,
):
    results = {name: _load(gunicorn_server, path) for name, path in PATHS.items()}

    for name, result in results.items():
        bench = f"hub_{name}"
        print(
            json.dumps(
                {
                    "bench": bench,
                    "figure": "requests_per_s",
                    "value": result["rps"],
                    "target": TARGET_RPS,
                    "n": result["requests"],
                }
            )
        )
        print(
            json.dumps(
                {
                    "bench": bench,
                    "figure": "p95_ms",
                    "value": result["p95_ms"],
                    "target": TARGET_P95_MS,
                    "n": result["requests"],
                    "p50_ms": result["p50_ms"],
                    "p99_ms": result["p99_ms"],
                    "concurrency": result["concurrency"],
                    "workers": WORKERS,
                }
            )
        )
    for name, result in results.items():
        assert result["errors"] == 0, f"{name}: {result['errors']} failed requests"
        assert result["requests"] == MEASURED_REQUESTS, f"{name}: stopped early: {result}"
        assert result["rps"] >= TARGET_RPS, f"{name}: {result}"
        assert result["p95_ms"] < TARGET_P95_MS, f"{name}: {result}"
