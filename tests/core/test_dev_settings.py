"""`make run`'s settings: tasks go to a real worker in both modes, with no Redis needed."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from cms.celery import app
print(json.dumps({
    "broker": app.conf.broker_url,
    "eager": app.conf.task_always_eager,
    "folders": app.conf.broker_transport_options,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


def dev_settings(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "BROKER_DIR"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_tasks_go_through_a_folder_of_message_files_to_the_worker(tmp_path):
    conf = dev_settings(tmp_path)

    assert conf["broker"].startswith("filesystem://")
    assert conf["eager"] is False
    assert conf["folders"]["data_folder_in"] == str(tmp_path / "broker" / "queue")
    assert conf["folders"]["data_folder_out"] == conf["folders"]["data_folder_in"]
    assert (tmp_path / "broker" / "queue").is_dir()
    # One file cache shared by the web process and the worker (page-cache purges, rate limits).
    assert conf["cache"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_with_redis_the_dev_stack_uses_it_for_broker_and_cache(tmp_path):
    conf = dev_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/9")

    assert conf["broker"] == "redis://127.0.0.1:6379/9"
    assert conf["eager"] is False
    assert conf["cache"] == "core.cache.FailSoftRedisCache"
    assert not (tmp_path / "broker").exists()


LOCK_PROBE = """
import json, sqlite3, threading, django
django.setup()
from django.conf import settings
from django.db import connection, transaction

name = settings.DATABASES["default"]["NAME"]
with connection.cursor() as c:
    c.execute("CREATE TABLE tally (n integer)")
    c.execute("INSERT INTO tally VALUES (0)")
# Another process is writing and commits a second from now (the worker, beat, another request).
other = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
other.execute("BEGIN IMMEDIATE")
other.execute("UPDATE tally SET n = n + 1")
threading.Timer(1.0, other.execute, ["COMMIT"]).start()
# An action's transaction that reads before it writes.
with transaction.atomic():
    with connection.cursor() as c:
        c.execute("SELECT n FROM tally")
        c.execute("UPDATE tally SET n = n + 10")
with connection.cursor() as c:
    n = c.execute("SELECT n FROM tally").fetchone()[0]
    mode = c.execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps({"n": n, "journal_mode": mode}))
"""


def test_on_sqlite_a_transaction_waits_for_another_processs_write_instead_of_failing(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", LOCK_PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr  # not "database is locked"
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"n": 11, "journal_mode": "wal"}  # both writes, one after the other
