"""Beat chases those who have not submitted: before and after the due date, once per offset,
never after submission; and the beat schedule runs it."""

from datetime import timedelta

import pytest
from django.core import mail

from returns.actions import save_response, send_chases
from returns.models import Chase, Respondent
from tests.support.returns import CHASED_DUE, two_leads_return

pytestmark = pytest.mark.django_db

DUE = CHASED_DUE


@pytest.fixture
def two_organisations(django_capture_on_commit_callbacks, settings):
    return two_leads_return(django_capture_on_commit_callbacks, settings)


def _chase(day, capture):
    mail.outbox.clear()
    with capture(execute=True):
        send_chases(day=day)
    return sorted(m.subject for m in mail.outbox)


def test_chases_go_once_per_offset_before_and_after_the_due_date(
    two_organisations, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _chase(DUE - timedelta(days=8), capture) == []  # too early
    assert _chase(DUE - timedelta(days=7), capture) == ["Reminder: Test return"] * 2
    assert _chase(DUE - timedelta(days=6), capture) == []  # that offset is done
    assert _chase(DUE - timedelta(days=7), capture) == []  # beat running again: nothing
    assert _chase(DUE - timedelta(days=1), capture) == ["Reminder: Test return"] * 2
    assert _chase(DUE + timedelta(days=3), capture) == ["Overdue: Test return"] * 2
    assert _chase(DUE + timedelta(days=4), capture) == []
    assert Chase.objects.count() == 6


def test_a_chase_email_holds_the_link_and_no_answer(
    two_organisations, django_capture_on_commit_callbacks
):
    _chase(DUE - timedelta(days=7), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "/returns/r/" in message.body and "/returns/r/" in message.alternatives[0][0]
    assert "is due on Wednesday 14 October 2026" in message.body


def test_chases_stop_on_submission(two_organisations, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    priya = Respondent.objects.get(contact__first_name="Priya")
    question = two_organisations.questions.get()
    save_response(priya, {question.pk: 5}, submit=True)
    assert _chase(DUE - timedelta(days=7), capture) == ["Reminder: Test return"]
    assert mail.outbox[0].to[0].startswith("Sam School")
    assert _chase(DUE + timedelta(days=3), capture) == ["Overdue: Test return"]


def test_a_draft_is_still_chased(two_organisations, django_capture_on_commit_callbacks):
    priya = Respondent.objects.get(contact__first_name="Priya")
    save_response(priya, {}, submit=False)
    assert len(_chase(DUE - timedelta(days=1), django_capture_on_commit_callbacks)) == 2


def test_beat_runs_the_chases_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["returns-chases"]
    assert entry["task"] == "returns.send_chases" and entry["schedule"] == 3600.0
    from returns.tasks import send_chases as task

    assert task.name == "returns.send_chases"


def test_a_response_with_nobody_left_to_chase_records_no_chase(
    two_organisations, django_capture_on_commit_callbacks
):
    """Priya stopped the reminders; later Sam's address is suppressed: a chase is recorded only
    where somebody was emailed, and none is logged where nobody was."""
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from networks.models import Suppression

    capture = django_capture_on_commit_callbacks
    Respondent.objects.filter(contact__first_name="Priya").update(chases_stopped_at=timezone.now())
    assert _chase(DUE - timedelta(days=7), capture) == ["Reminder: Test return"]
    assert list(Chase.objects.values_list("response__organisation__name", flat=True)) == [
        "Southvale School"
    ]

    sam = Respondent.objects.get(contact__first_name="Sam").contact
    Suppression.objects.create(email=sam.email, reason="hard_bounce")
    assert _chase(DUE - timedelta(days=1), capture) == []
    assert Chase.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="returns.response.chased").count() == 1
