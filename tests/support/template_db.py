"""Test databases copied from a migrated template instead of migrated one by one.

Each pytest-xdist process creates its own test database, and migrating one (some 230 migrations)
took about 40 s per process, all three at once on two cores, before the first test ran. On
PostgreSQL the processes now copy a template database (`CREATE DATABASE … TEMPLATE`, Django's
`TEST["TEMPLATE"]`), which is migrated once and kept: its name carries a hash of every migration
file and of the locks, so a change to any migration (or to Django or Wagtail) makes a new one,
and an unchanged tree reuses it on the next run. One process builds it under a file lock while
the others wait; it is built under a temporary name and renamed when complete, so a run stopped
half-way never leaves a half-migrated template behind. Django still runs `migrate` on the copy
(nothing to apply; the post-migrate signals run as on any test database).

SQLite keeps Django's own way (an in-memory database per process is quick to migrate).
"""

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "partnerhub_tpl_"
# Another tree's template is dropped only when it has not been built or used for this long: two
# checkouts (or worktrees) of different migrations test side by side without dropping each
# other's template, or the database one of them is building.
KEEP_SECONDS = 6 * 3600


def _fingerprint() -> str:
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.lock"]
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _admin_connection(db: dict):
    return psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def _url(db: dict, name: str) -> str:
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{at}{db.get('HOST') or '127.0.0.1'}{port}/{name}"


def _build(db: dict, name: str) -> None:
    building = f"{name}_building"
    with _admin_connection(db) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{building}"')
    env = {**os.environ, "DATABASE_URL": _url(db, building)}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    subprocess.run(  # noqa: S603 - our own manage.py with the running interpreter
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with _admin_connection(db) as admin:
        templates = admin.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE %s AND datname NOT LIKE %s",
            [f"{PREFIX}%", "%_building"],
        ).fetchall()
        for old, used in templates:  # an earlier tree's template, unused for a while
            if not (used or "").isdigit() or time.time() - int(used) > KEEP_SECONDS:
                admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')


def use_migrated_template() -> None:
    """Point the default database's test settings at the migrated template, building it first
    when this tree has none."""
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"] or os.environ.get("TEST_DB_TEMPLATE") == "off":
        return
    name = f"{PREFIX}{_fingerprint()}"
    lock = Path(tempfile.gettempdir()) / f"{name}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # the other processes wait for the one building it
        with _admin_connection(db) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        if not exists:
            _build(db, name)
        with _admin_connection(db) as admin:  # when it was last used (see KEEP_SECONDS)
            admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{int(time.time())}'")
    db.setdefault("TEST", {})["TEMPLATE"] = name
