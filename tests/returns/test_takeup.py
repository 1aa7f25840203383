"""Returns wired into learning: a submitted L&D return's level figures reach the take-up report as
reported figures (never where learning has recorded completions for that organisation and level)."""

from datetime import date

import pytest
from django.urls import reverse

from core.periods import Quarter
from learning.models import Completion
from learning.report import Period, takeup_report
from returns.models import Answer, Question, Response
from tests.support.returns import custom_return, organisation

pytestmark = pytest.mark.django_db

Q1 = Quarter(2026, 1)
LEVELS = [(Question.Kind.WHOLE_NUMBER, f"Level {n}", {"level": n}) for n in (1, 2, 3)]


def answered(ret, org, numbers, state="submitted"):
    response = Response.objects.create(ret=ret, organisation=org, state=state)
    for question in ret.questions.all():
        if numbers.get(question.level) is not None:
            Answer.objects.create(
                response=response, question=question, number=numbers[question.level]
            )


@pytest.fixture
def returned():
    academy = organisation("Alpha Academy", "education")
    hospital = organisation("Beta Hospital", "health")
    draft = organisation("Gamma College", "education")
    ret = custom_return(
        template="ld_quarterly", questions=LEVELS, period_start=Q1.start, state="sent"
    )
    answered(ret, academy, {1: 10, 2: 3})
    answered(ret, hospital, {1: 5, 2: 2})
    answered(ret, draft, {1: 100}, state="drafted")  # a draft never reaches the report
    # Learning records the hospital's level 1 training itself (an import): its returned level 1
    # figure is left out, its level 2 figure is shown.
    Completion.objects.create(
        organisation=hospital,
        organisation_name="Beta Hospital",
        level=1,
        completed_on=date(2026, 5, 4),
    )
    return academy, hospital


def test_a_submitted_ld_returns_figures_appear_in_the_takeup_report_marked_reported(returned):
    report = takeup_report(Period.of_quarter(Q1))

    assert report.by_level == {1: 1, 2: 0, 3: 0}  # recorded counts untouched
    assert report.reported_by_level == {1: 10, 2: 5, 3: 0}
    reported = {r.label: r.by_level() for r in report.by_organisation if r.reported}
    assert reported == {"Alpha Academy": [10, 3, 0], "Beta Hospital": [0, 2, 0]}
    assert {r.source for r in report.reported} == {"Quarterly learning and development return"}


def test_the_coordinator_sees_the_returned_figures_marked_reported_on_the_report(
    returned, client, coordinator
):
    client.force_login(coordinator)
    body = client.get(reverse("learning_admin:takeup"), {"quarter": "2026-Q1"}).content.decode()

    assert 'Alpha Academy <span class="status-tag">reported</span>' in body
    assert 'Beta Hospital <span class="status-tag">reported</span>' in body
    assert 'Gamma College <span class="status-tag">reported</span>' not in body  # a draft
