"""A confirmation promised while the broker is down is kept in the database and sent exactly
once by beat's sweep when it is back, however often the sweep or the
task itself runs."""

import pytest
from django.core import mail

from core.models import PendingTask
from core.tasks import run_pending_task, sweep
from events.actions import accept_invitation
from tests.support.events import day, invite, make_event, person
from tests.support.services import free_port

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def broker_down():
    from cms.celery import app

    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old


def test_an_rsvp_confirmation_promised_with_the_broker_down_is_sent_once_by_the_sweep(
    django_capture_on_commit_callbacks, broker_down, caplog
):
    event = make_event()
    invitation = invite(event, person("Priya", "Lead"))
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invitation, [day(event).pk])

    promised = PendingTask.objects.get()
    assert promised.task == "events.send_confirmation"
    assert mail.outbox == []
    assert "broker unreachable, core.run_pending_task left for the sweep" in caplog.text

    from cms.celery import app

    app.conf.task_always_eager = True  # the broker is back (tasks run here, as a worker would)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep()["handed_over"] == 1
    assert not PendingTask.objects.exists()
    assert len(mail.outbox) == 1
    assert [a[0] for a in mail.outbox[0].attachments] == ["event.ics"]

    # A second sweep, and a duplicate message of the same promise, send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep()["handed_over"] == 0
        assert run_pending_task(promised.pk) is False
    assert len(mail.outbox) == 1


def test_a_task_that_keeps_failing_is_set_aside_shown_to_the_coordinator_and_can_be_retried(
    django_capture_on_commit_callbacks, broker_down, client, coordinator, monkeypatch
):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from cms.celery import app
    from core.models import Heartbeat

    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        accept_invitation(invite(event, person("Priya", "Lead")), [day(event).pk])
    promised = PendingTask.objects.get()
    app.conf.task_always_eager = True

    task = app.tasks[promised.task]
    send_for_real, refusing = task.run, [True]

    def mail_server_refuses(*args, **kwargs):
        if refusing[0]:
            raise ConnectionRefusedError("the mail server refused the connection")
        return send_for_real(*args, **kwargs)

    monkeypatch.setattr(task, "run", mail_server_refuses)
    for _ in range(PendingTask.GIVE_UP_AFTER):
        PendingTask.objects.update(next_attempt_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            sweep()
    promised.refresh_from_db()
    assert promised.attempts == PendingTask.GIVE_UP_AFTER
    assert "refused the connection" in promised.last_error
    PendingTask.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert sweep()["handed_over"] == 0  # set aside: the sweep no longer tries it
    assert mail.outbox == []

    # The coordinator is told on every admin page; monitoring sees the count.
    now = timezone.now()
    Heartbeat.objects.create(name="worker", seen_at=now)
    Heartbeat.objects.create(name="beat", seen_at=now)
    client.force_login(coordinator)
    home = client.get("/admin/").content.decode()
    assert "1 background task (an email or other work an action promised) failed 10 times" in home
    assert "retry_pending_tasks" in home
    health = client.get("/healthz").json()
    assert health["given_up_tasks"] == 1 and health["status"] == "ok"
    assert "refused" not in str(health)  # no errors given out

    # Fixed: the administrator puts it back; the next sweep sends it, once.
    listed = io.StringIO()
    call_command("retry_pending_tasks", "--list", stdout=listed)
    assert "events.send_confirmation after 10: ConnectionRefusedError" in listed.getvalue()
    assert listed.getvalue().strip().endswith("1 set aside.")
    assert PendingTask.objects.get().attempts == PendingTask.GIVE_UP_AFTER  # --list changes none
    refusing[0] = False
    out = io.StringIO()
    call_command("retry_pending_tasks", stdout=out)
    assert out.getvalue().strip() == "1 task back in the queue."
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep()["handed_over"] == 1
    assert not PendingTask.objects.exists()
    assert len(mail.outbox) == 1
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "background task" not in home.content.decode()
