"""Fixtures shared by every test: the named people, the demo site, real services and a browser."""

import gc

import pytest
from django.core.management import call_command

from tests.support import people
from tests.support.browser import browser, page  # noqa: F401  (fixtures)
from tests.support.webhooks import webhook_secret  # noqa: F401  (fixture)
from tests.support.worker import celery_worker_process  # noqa: F401  (fixture)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each test process's database is a copy of a migrated template (PostgreSQL), not migrated
    again: tests/support/template_db.py."""
    from tests.support.template_db import use_migrated_template

    use_migrated_template()


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` signs in with password and code (tests/support/two_factor.py)."""
    from django.test import Client

    from tests.support.two_factor import verified_force_login

    monkeypatch.setattr(Client, "force_login", verified_force_login)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no rate-limit counts, cached pages or settings left
    by the test before (the tests' cache is in-process memory, so this is cheap)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    """An outage one test simulated must not make the next skip the cache or the broker, and a
    send compiled in one test must not be taken for another's that got the same id."""
    from core.cache import reset_cache_state
    from core.queue import reset_broker_state
    from sending.engine.batches import forget_compiled

    reset_cache_state()
    reset_broker_state()
    forget_compiled()  # a send id of one test may be another's (rolled back, replayed demo)
    yield
    reset_cache_state()
    reset_broker_state()


def pytest_collection_finish(session):
    """Python's cycle collector walks every object it tracks: Django, Wagtail and the collected
    tests live for the whole run, so they are frozen out of its walks, and the young generation
    (a test allocates much that dies young) is collected less often. About a tenth of the tests'
    own time; nothing a test sees changes."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _transactional(item) -> bool:
    """pytest-django's own test: a transactional test (live server) commits and empties the
    database, so it cannot run inside another transaction."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names)
    )


def _in_demo_run(item) -> bool:
    return item is not None and "_demo_run" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """Set the demo up before a test's other function fixtures: its rows are then replayed into
    an untouched database (tests/support/demo.py) instead of seeded again, and the test's own
    people and records come after it, as they would on a site running the demo. Tests that ask
    for the demo and run in a transaction start with `_demo_run`, before their own transaction,
    and come together (after pytest-django's order: tests in a transaction, transactional tests,
    tests without the database), so one replay of the demo serves a run of them."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if not names or "demo_site" not in names:
            continue
        info = item._fixtureinfo
        names.remove("demo_site")
        own = [
            i
            for i, name in enumerate(names)
            if name in info.argnames
            and name in info.name2fixturedefs
            and info.name2fixturedefs[name][-1].scope == "function"
        ]
        names.insert(own[0] if own else len(names), "demo_site")
        if not _transactional(item):
            names.insert(0, "_demo_run")
    first = [i for i, item in enumerate(items) if _transactional(item)]
    end = first[0] if first else len(items)
    items[:end] = sorted(items[:end], key=lambda item: not _in_demo_run(item))


_next_item = [None]


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    _next_item[0] = nextitem  # for `_demo_run`'s teardown, which runs inside this hook
    yield


@pytest.fixture
def _demo_run(demo_snapshot, django_db_blocker):
    """The demo replayed once for consecutive tests that ask for it (tests/support/demo.py):
    started before the first one's own transaction, rolled back after the last one."""
    from tests.support.demo import demo_run

    demo_run.start(demo_snapshot, django_db_blocker)
    yield
    if not _in_demo_run(_next_item[0]):
        demo_run.stop(django_db_blocker)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """What `seed_demo` writes, recorded once per test run (tests/support/demo.py)."""
    from tests.support.demo import shared

    with django_db_blocker.unblock():
        return shared("demo")


@pytest.fixture
def demo_site(db, demo_snapshot):
    """The demo partnership, exactly as `make run` loads it."""
    from tests.support import demo

    if demo.demo_run.active:  # replayed for this run of tests (`_demo_run`)
        pass
    elif demo_snapshot is None or not demo_snapshot.replay():
        if demo_snapshot is not None and demo.is_emptied():
            # Behind a live server, after another transactional test emptied the database.
            demo.reset_to_empty()
            flushed = demo.flushed_snapshot()
            if flushed is None or not flushed.replay():
                call_command("seed_demo", verbosity=0)
        else:
            call_command("seed_demo", verbosity=0)
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def coordinator(db):
    """Casey Coordinator: runs the partnership (a plain member of the Coordinators group)."""
    return people.make_coordinator()


@pytest.fixture
def outsider(db):
    """Someone with a login but no role: an editor who must see nothing private."""
    return people.make_outsider()
