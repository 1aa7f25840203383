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
