"""The admin warns coordinators when no worker or beat has been seen for a few minutes."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.models import Heartbeat
from tests.support.people import make_editor

WAITING = "emails and scheduled work are waiting."


def seen(worker_at, beat_at):
    Heartbeat.objects.create(name="worker", seen_at=worker_at)
    Heartbeat.objects.create(name="beat", seen_at=beat_at)


@pytest.fixture
def editor(db, django_user_model):
    """Staff with admin access but no coordinator role."""
    return make_editor("editor", group="Hub editors", is_staff=False)


def test_a_coordinator_is_told_since_when_no_worker_has_been_seen(client, coordinator):
    # 07:35 London time in summer is 06:35 UTC: the time is given as the coordinator reads it.
    stopped = timezone.make_aware(datetime(2026, 7, 1, 7, 35), timezone.get_fixed_timezone(60))
    seen(stopped, stopped + timedelta(minutes=1))
    client.force_login(coordinator)

    home = client.get("/admin/").content.decode()
    pages = client.get("/admin/pages/").content.decode()

    message = f"No background worker has been seen since 07:35: {WAITING}"
    assert home.count(message) == 2  # the dashboard panel and the banner
    assert 'role="alert"' in home
    assert message in pages


def test_a_coordinator_is_warned_before_any_worker_has_ever_run(client, coordinator):
    client.force_login(coordinator)

    assert "No background worker has been seen yet" in client.get("/admin/").content.decode()


def test_no_warning_while_worker_and_beat_are_fresh(client, coordinator):
    now = timezone.now()
    seen(now - timedelta(seconds=30), now - timedelta(seconds=10))
    client.force_login(coordinator)

    home = client.get("/admin/")

    assert home.status_code == 200
    assert "No background worker" not in home.content.decode()


def test_a_stopped_beat_warns_even_if_the_worker_was_seen_lately(client, coordinator):
    now = timezone.now()
    seen(now - timedelta(seconds=30), now - timedelta(minutes=10))
    client.force_login(coordinator)

    assert WAITING in client.get("/admin/").content.decode()


def test_other_staff_are_not_shown_the_warning(client, editor):
    client.force_login(editor)

    home = client.get("/admin/")

    assert home.status_code == 200
    assert "No background worker" not in home.content.decode()
