"""The demo partnership, seeded once per test process and replayed into each test that asks.

`seed_demo` takes about a second; well over a hundred tests start from the demo site. So each
test process runs it once, inside a transaction it rolls back, and records what it changed: per
table, the rows it added or altered (as JSON) and the rows it removed. `replay()` writes exactly
those changes into the test's own transaction (rolled back after the test like anything the test
writes), so a test sees the same rows, ids included, as if it had run `seed_demo` itself.

Replay is used only when it is provably the same thing: on PostgreSQL, on the day the snapshot
was taken, when the tables the seed touches hold what they held when the snapshot was taken
(nothing created before `demo_site`), and once a self-check showed the replayed rows equal the
seeded ones. Otherwise `seed_demo` runs as before.

The snapshot is taken once per test run, not once per process: the processes' databases are
copies of one migrated template (tests/support/template_db.py), so the first process to need it
takes it (its self-check included) and leaves it in a file for the others (`shared`).

Consecutive tests that ask for the demo share one replay (`DemoRun`): it is written once, in a
transaction around theirs, and each test's own transaction nests inside it and is rolled back as
usual, so each still starts from the demo exactly as seeded. The run is rolled back before any
test that does not ask for the demo, and tests/conftest.py puts the tests that ask for it
together.

Transactional tests (behind a live server) empty the database when they end, and Django's flush
recreates the content types and permissions with new ids each time, so the next such test would
find neither the migrated state nor a repeatable one. `reset_to_empty()` makes that repeatable:
it empties every table restarting its ids and re-runs what `post_migrate` makes, so every emptied
database is the same one, with its own snapshot (`flushed_snapshot()`, taken once per process).
"""

import datetime
import fcntl
import os
import pickle
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.utils import timezone


class _Rollback(Exception):
    pass


@dataclass
class _TableChange:
    table: str
    pk: str
    columns: list[str]  # writable columns (generated ones excluded)
    removed: list[str] = field(default_factory=list)  # primary keys (as text) to delete
    rows: list[str] = field(default_factory=list)  # row_to_json of rows to insert


def _tables(cursor) -> dict[str, tuple[str | None, list[str]]]:
    """Every table of the schema: its single-column primary key (or None) and writable columns."""
    cursor.execute(
        """
        SELECT c.relname,
               (SELECT a.attname FROM pg_index i
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1),
               array(SELECT a.attname FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                        AND a.attgenerated = '' ORDER BY a.attnum)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        """
    )
    return {name: (pk, list(columns)) for name, pk, columns in cursor.fetchall()}


def _dump(cursor, tables) -> dict[str, dict[str, str]]:
    """Each table's rows as {primary key text: row_to_json text} (whole table text without pk)."""
    q = connection.ops.quote_name
    dump = {}
    for table, (pk, _columns) in tables.items():
        if pk is None:
            sql = f"SELECT '', string_agg(t::text, ',' ORDER BY t::text) FROM {q(table)} t"  # noqa: S608
        else:
            sql = f"SELECT t.{q(pk)}::text, row_to_json(t)::text FROM {q(table)} t"  # noqa: S608
        cursor.execute(sql)  # names from the catalogue, quoted
        dump[table] = dict(cursor.fetchall())
    return dump


def _fingerprint(cursor, tables) -> list:
    """Row count and largest primary key of each table: enough to tell an untouched table."""
    parts = [
        f"SELECT {i}, count(*), max({connection.ops.quote_name(pk)}::text) "  # noqa: S608
        f"FROM {connection.ops.quote_name(table)}"
        for i, (table, pk) in enumerate(tables)
    ]
    cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1")
    return cursor.fetchall()


class DemoSnapshot:
    def __init__(self, changes: list[_TableChange], watched: list[tuple[str, str]], fingerprint):
        self.changes = changes
        self.watched = watched  # (table, pk) compared before replaying
        self.fingerprint = fingerprint
        self.day: datetime.date = timezone.localdate()
        self.usable = True
        self.sequences: list[tuple[str, str, str]] = []  # (table, pk, sequence) of inserted rows

    def _write(self, cursor) -> None:
        q = connection.ops.quote_name
        for change in self.changes:
            if change.removed:
                cursor.execute(
                    f"DELETE FROM {q(change.table)} WHERE {q(change.pk)}::text = ANY(%s)",  # noqa: S608
                    [change.removed],
                )
        for change in self.changes:
            if not change.rows:
                continue
            columns = ", ".join(q(c) for c in change.columns)
            cursor.execute(
                f"INSERT INTO {q(change.table)} ({columns}) SELECT {columns} "  # noqa: S608
                f"FROM json_populate_recordset(NULL::{q(change.table)}, %s::json)",
                ["[" + ",".join(change.rows) + "]"],
            )
        if self.sequences:
            # New rows of the test must not collide with the replayed ids.
            calls = ", ".join(
                f"setval('{seq}', greatest((SELECT max({q(pk)}) FROM {q(table)}), "  # noqa: S608
                f"(SELECT last_value FROM {seq})))"
                for table, pk, seq in self.sequences
            )
            cursor.execute(f"SELECT {calls}")

    def replay(self) -> bool:
        """Write the demo into the current database if that is provably what seed_demo would do;
        False (nothing written) otherwise."""
        if not self.usable or timezone.localdate() != self.day:
            return False
        with connection.cursor() as cursor:
            if _fingerprint(cursor, self.watched) != self.fingerprint:
                return False
            with transaction.atomic():
                self._write(cursor)
        from wagtail.models import Site

        Site.clear_site_root_paths_cache()
        return True


def take_snapshot() -> DemoSnapshot | None:
    """Seed the demo in a rolled-back transaction and record what it changed (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    q = connection.ops.quote_name
    snapshot = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            tables = _tables(cursor)
            before = _dump(cursor, tables)
            try:
                with transaction.atomic():
                    call_command("seed_demo", verbosity=0)
                    after = _dump(cursor, tables)
                    raise _Rollback
            except _Rollback:
                pass
            changes = []
            for table, (pk, columns) in tables.items():
                old, new = before[table], after[table]
                if old == new:
                    continue
                if pk is None:
                    return None  # a changed table without a primary key: cannot replay
                altered = [k for k in new if k in old and old[k] != new[k]]
                gone = [k for k in old if k not in new]
                changes.append(
                    _TableChange(
                        table=table,
                        pk=pk,
                        columns=columns,
                        removed=gone + altered,
                        rows=[new[k] for k in new if old.get(k) != new[k]],
                    )
                )
            watched = [(c.table, c.pk) for c in changes]
            content_types = "django_content_type"
            if content_types in tables and content_types not in {t for t, _ in watched}:
                watched.append((content_types, tables[content_types][0]))
            snapshot = DemoSnapshot(changes, watched, _fingerprint(cursor, watched))
            for change in changes:
                if change.rows:
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, %s)", [q(change.table), change.pk]
                    )
                    (sequence,) = cursor.fetchone()
                    if sequence:
                        snapshot.sequences.append((change.table, change.pk, sequence))
            # Self-check: the replayed database must equal the seeded one, row for row.
            try:
                with transaction.atomic():
                    snapshot._write(cursor)
                    replayed = _dump(cursor, tables)
                    raise _Rollback
            except _Rollback:
                pass
            if replayed != after:
                snapshot.usable = False
            raise _Rollback
    except _Rollback:
        pass
    return snapshot


_MADE_BY_POST_MIGRATE = {"django_content_type", "auth_permission"}


def is_emptied() -> bool:
    """True when a transactional test's flush emptied the database and nothing has been written
    since: every table is empty but those `post_migrate` fills."""
    if connection.in_atomic_block:
        return False
    q = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    parts = [
        f"SELECT 1 FROM {q(t)}"  # noqa: S608 (names from the catalogue, quoted)
        for t in sorted(tables)
        if t not in _MADE_BY_POST_MIGRATE
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (" + " UNION ALL ".join(parts) + ")")
        return not cursor.fetchone()[0]


def reset_to_empty() -> None:
    """Empty every table restarting its ids, then make what `post_migrate` makes (content types,
    permissions…): the same database after any transactional test, ids included."""
    q = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE " + ", ".join(q(t) for t in sorted(tables)) + " RESTART IDENTITY CASCADE"
        )
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


_SHARED = Path(tempfile.gettempdir()) / "partnerhub-test-demo"


def shared(name: str) -> DemoSnapshot | None:
    """`take_snapshot()` once per test run: the first process of the run (pytest-xdist) to ask
    takes it under a file lock and leaves it for the others, who read it. Only between copies
    of the migrated template, where every process's database is the same one, ids included;
    otherwise (one process, SQLite, no template, a database emptied before the demo was first
    needed) each process takes its own. A snapshot read here is still only replayed into a
    database that matches it (`replay()`)."""
    from django.conf import settings
    from wagtail.models import Site

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    template = settings.DATABASES["default"].get("TEST", {}).get("TEMPLATE")
    if not run or not template or connection.vendor != "postgresql":
        return take_snapshot()
    if name == "demo" and not Site.objects.exists():  # emptied by a transactional test
        return take_snapshot()
    _SHARED.mkdir(exist_ok=True)
    path = _SHARED / f"{template}-{run}-{name}.pickle"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait for the one taking it
        if path.exists():
            return pickle.loads(path.read_bytes())  # noqa: S301 (written by this run, just now)
        snapshot = take_snapshot()
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(snapshot))
        partial.replace(path)
    for old in _SHARED.iterdir():  # earlier runs'
        if old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)
    return snapshot


_flushed: list[DemoSnapshot | None] = []


def flushed_snapshot() -> DemoSnapshot | None:
    """The snapshot of `seed_demo` on the database `reset_to_empty()` leaves (once per run)."""
    if not _flushed:
        _flushed.append(shared("flushed"))
    return _flushed[0]


@contextmanager
def seeded_for_module(django_db_blocker, snapshot: DemoSnapshot | None = None):
    """The demo, loaded once for a module's tests inside a transaction rolled back when the
    module ends: each test's own transaction nests inside it, and the tests after the module
    find the database as migrations left it (a flush would take Wagtail's root page and the
    groups with it). The run's demo snapshot is replayed when given and it matches, else
    `seed_demo` runs. For a module-scoped fixture:
    `with seeded_for_module(django_db_blocker, demo_snapshot): yield …`."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if snapshot is None or not snapshot.replay():
                call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class DemoRun:
    """The demo replayed once for a run of consecutive tests (module docstring). `start()`
    opens the transaction around them and replays the snapshot into it (False, and nothing
    open, when the snapshot does not match the database); `stop()` rolls it back."""

    def __init__(self):
        self._outer = None

    @property
    def active(self) -> bool:
        return self._outer is not None

    def start(self, snapshot: DemoSnapshot | None, django_db_blocker) -> bool:
        if self._outer is not None:
            return True
        if snapshot is None or connection.vendor != "postgresql":
            return False
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            if not snapshot.replay():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                return False
            with connection.cursor() as cursor:
                # Check the replayed rows' foreign keys now, in this transaction: a deferred check
                # would be redone at the end of every test (a test's rollback un-marks it).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self._outer = outer
        return True

    def stop(self, django_db_blocker) -> None:
        if self._outer is None:
            return
        outer, self._outer = self._outer, None
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        from wagtail.models import Site

        Site.clear_site_root_paths_cache()


demo_run = DemoRun()
