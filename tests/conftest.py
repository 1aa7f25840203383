"""Fixtures shared by every test: the named people, the demo site, real services and a browser."""

import pytest
from django.core.management import call_command

from tests.support.browser import browser, page  # noqa: F401  (fixtures)
from tests.support.worker import celery_worker_process  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` signs in with password and code (tests/support/two_factor.py)."""
    from django.test import Client

    from tests.support.two_factor import verified_force_login

    monkeypatch.setattr(Client, "force_login", verified_force_login)


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    """An outage one test simulated must not make the next skip the cache or the broker."""
    from core.cache import reset_cache_state
    from core.queue import reset_broker_state

    reset_cache_state()
    reset_broker_state()
    yield
    reset_cache_state()
    reset_broker_state()


@pytest.fixture
def demo_site(db):
    """The demo partnership, exactly as `make run` loads it."""
    call_command("seed_demo", verbosity=0)
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def coordinator(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_superuser(
        "coordinator",
        "coordinator@example.org",
        "correct horse battery staple",
        first_name="Casey",
        last_name="Coordinator",
    )
    user.groups.add(Group.objects.get_or_create(name="Coordinators")[0])
    user.raw_password = "correct horse battery staple"
    return user


@pytest.fixture
def outsider(db, django_user_model):
    """Someone with a login but no role: an editor who must see nothing private."""
    user = django_user_model.objects.create_user(
        "outsider", "outsider@example.org", "correct horse battery staple"
    )
    user.raw_password = "correct horse battery staple"
    return user


@pytest.fixture
def commit_callbacks_run(monkeypatch):
    """Run `transaction.on_commit` callbacks at once, as a commit would, inside a test that is
    itself one rolled-back transaction (the sending engine enqueues its batches on commit)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
