"""Subject access and erasure cover a lead's returns (networks' hooks), and what a return must
never hold stays out of emails and the form."""

import pytest
from django.core import mail

from core.idempotency import new_key
from networks.actions.privacy import erase_contact, export_subject_access
from returns.actions import record_progress, save_response
from returns.models import RAG, Action, Answer, Plan, ProgressUpdate, Question, Respondent, Theme
from returns.periods import Quarter
from returns.ready_made import REFERRAL_SOURCES
from tests.support.returns import custom_return, lead, link_in, organisation, path_for, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(django_capture_on_commit_callbacks):
    college = organisation("Northvale College")
    priya = lead(college, "Priya", "Lead")
    ret = custom_return(
        title="L&D return",
        questions=[(Question.Kind.WHOLE_NUMBER, "Staff trained", {"help_text": "0 if none"})],
        organisations=[college],
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(ret, key=new_key())
    respondent = Respondent.objects.get()
    save_response(respondent, {ret.questions.get().pk: 12}, submit=True)
    from datetime import date

    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    action = Action.objects.create(
        theme=Theme.objects.create(plan=plan, number=1, name="T"), number="1.1", text="A"
    )
    record_progress(action, Quarter(2026, 2), RAG.ON_TRACK, reported_by="Priya Lead", contact=priya)
    return ret, priya, respondent


def test_subject_access_lists_the_leads_returns_and_reported_progress(submitted):
    ret, priya, _ = submitted
    data = export_subject_access(priya)
    (entry,) = data["returns"]["returns"]
    assert entry["return"] == "L&D return" and entry["organisation"] == "Northvale College"
    assert entry["submitted_by_you"] is True and entry["state"] == "Submitted"
    assert entry["answers"] == [{"question": "Staff trained", "answer": "12"}]
    (progress,) = data["returns"]["action_plan_progress_reported"]
    assert progress["action"] == "1.1" and progress["status"] == "On track"


def test_erasure_removes_the_lead_from_their_returns_and_voids_their_link(submitted, client):
    ret, priya, respondent = submitted
    path = path_for(respondent)
    erase_contact(priya)
    assert client.get(path).status_code == 404
    assert not Respondent.objects.filter(contact=priya).exists()
    response = ret.responses.get()
    assert response.submitted_by is None
    # The organisation's figures stay: they are not the person's.
    assert Answer.objects.get().number == 12
    update = ProgressUpdate.objects.get()
    assert update.reported_by_contact is None and "Priya" not in update.reported_by
    assert export_subject_access(priya)["returns"] == {
        "returns": [],
        "action_plan_progress_reported": [],
    }


def test_no_email_carries_an_answer(submitted):
    for message in mail.outbox:
        assert "12" not in message.subject
        assert "Staff trained" not in message.body


def test_free_text_carries_a_warning_not_to_name_anyone(django_capture_on_commit_callbacks, client):
    college = organisation("Northvale College")
    lead(college)
    ret = custom_return(
        questions=[(Question.Kind.SHORT_TEXT, "What happened", {"help_text": "A few lines."})],
        organisations=[college],
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(ret, key=new_key())
    page = client.get(link_in(mail.outbox[-1])).content.decode()
    assert "A few lines. Do not name or describe any person or case" in page
    assert "call 999" in page


def test_the_police_figures_are_counts_by_source_only():
    from datetime import date

    from returns.actions import create_return_from_template

    organisation("Northvale Police", "police")
    ret = create_return_from_template("police_figures", date(2026, 7, 1), date(2026, 10, 14))
    kinds = set(ret.questions.values_list("kind", flat=True))
    assert kinds == {Question.Kind.WHOLE_NUMBER}
    assert [q.referral_source for q in ret.questions.all()] == [c for c, _ in REFERRAL_SOURCES]
    assert all(q.help_text for q in ret.questions.all())
