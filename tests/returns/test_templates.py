"""The four ready-made returns, and the coordinator creating one from the admin."""

from datetime import date

import pytest

from learning.models import Completion
from returns.actions import create_return_from_template, questions_for, recipient_organisations
from returns.models import Action, Plan, Question, Response, Return, Theme
from tests.support.returns import organisation

pytestmark = pytest.mark.django_db


def test_the_ld_return_asks_every_authority_its_headcount_and_the_unrecorded_its_training():
    college = organisation("Northvale College")
    recorded = organisation("Recorded Trust", "health")
    organisation("Not specified", specified=False)
    # Learning records the trust's training in the quarter (an import): it is asked only how
    # many staff need each level, not how many were trained.
    Completion.objects.create(organisation=recorded, level=2, completed_on=date(2026, 9, 30))
    # A completion recorded in another quarter does not count for this one.
    Completion.objects.create(organisation=college, level=1, completed_on=date(2026, 6, 30))
    ret = create_return_from_template("ld_quarterly", date(2026, 8, 15), date(2026, 10, 14))
    assert ret.period_start == date(2026, 7, 1) and ret.period_kind == "quarter"
    assert [(q.kind, q.headcount_level, q.level) for q in ret.questions.all()] == [
        ("whole_number", 1, None),
        ("whole_number", 2, None),
        ("whole_number", 3, None),
        ("whole_number", None, 1),
        ("whole_number", None, 2),
        ("whole_number", None, 3),
    ]
    assert all(q.help_text for q in ret.questions.all())
    assert list(recipient_organisations(ret)) == [college, recorded]
    responses = [Response.objects.create(ret=ret, organisation=o) for o in (college, recorded)]
    asked = [[(q.headcount_level, q.level) for q in questions_for(r)] for r in responses]
    headcount = [(1, None), (2, None), (3, None)]
    assert asked[0] == [*headcount, (None, 1), (None, 2), (None, 3)]
    assert asked[1] == headcount


def test_the_action_update_asks_each_organisation_about_its_own_actions():
    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    theme = Theme.objects.create(plan=plan, number=2, name="Leadership")
    council = organisation("Northvale Council", "local_authority")
    action = Action.objects.create(theme=theme, number="2.4", text="Annual report", timescale="May")
    action.responsible_organisations.add(council)
    Action.objects.create(theme=theme, number="2.5", text="Nobody's")
    ret = create_return_from_template("action_update", date(2026, 7, 1), date(2026, 10, 14))
    assert [(q.kind, q.action_id) for q in ret.questions.all()] == [
        ("rag", action.pk),
        ("short_text", action.pk),
    ]
    assert ret.questions.first().help_text == "Timescale: May"
    assert list(recipient_organisations(ret)) == [council]


def test_the_self_assessment_is_yearly_with_the_four_expectations_as_rag():
    organisation("Northvale College", "education")
    ret = create_return_from_template("self_assessment", date(2027, 2, 1), date(2027, 5, 1))
    assert ret.period_kind == "year" and ret.period_start == date(2026, 4, 1)
    rag = ret.questions.filter(kind=Question.Kind.RAG)
    assert list(rag.values_list("expectation", flat=True)) == [
        "understand_risk",
        "build_capabilities",
        "communicate",
        "implement",
    ]
    assert ret.sectors == ["education"]


def test_the_coordinator_starts_a_return_from_a_template_and_edits_it_in_wagtail(
    client, coordinator
):
    organisation("Northvale Police", "police")
    client.force_login(coordinator)
    assert client.get("/admin/returns/new/").status_code == 200
    answer = client.post(
        "/admin/returns/new/",
        {"template": "police_figures", "period": "2026-07-01", "due_on": "2026-10-14"},
    )
    ret = Return.objects.get()
    assert answer["Location"] == f"/admin/snippets/returns/return/edit/{ret.pk}/"
    edit = client.get(answer["Location"]).content.decode()
    assert "Concerns received from: Education" in edit
    assert client.get("/admin/returns/").status_code == 200


def test_a_sent_return_cannot_be_deleted_in_wagtail(client, coordinator):
    from tests.support.returns import custom_return

    draft = custom_return(title="Draft")
    sent = custom_return(title="Sent", state="sent")
    client.force_login(coordinator)
    assert client.get(f"/admin/snippets/returns/return/delete/{draft.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/returns/return/delete/{sent.pk}/").status_code in (302, 403)
    client.post(f"/admin/snippets/returns/return/delete/{sent.pk}/")
    assert Return.objects.filter(pk=sent.pk).exists()
