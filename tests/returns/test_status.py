"""The coordinator's live status of a sent return: submitted, drafted, not opened, bounced (from
the engine's Delivery), no Prevent lead; only coordinators see it."""

import pytest

from core.idempotency import new_key
from returns.actions import open_response, save_response
from returns.models import Question, Respondent
from sending.models import Delivery
from tests.support.people import make_person
from tests.support.returns import custom_return, lead, organisation, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def ret(django_capture_on_commit_callbacks):
    names = ["Alpha Academy", "Beta College", "Gamma School", "Delta Trust", "Epsilon Council"]
    orgs = [organisation(name) for name in names]
    for org in orgs[:4]:
        lead(org, org.name.split()[0], "Lead")
    ret = custom_return(
        questions=[(Question.Kind.WHOLE_NUMBER, "Staff trained", {"help_text": "0 if none"})],
        organisations=orgs,
    )
    with django_capture_on_commit_callbacks(execute=True):
        ret = send(ret, key=new_key())
    question = ret.questions.get()
    alpha = Respondent.objects.get(contact__first_name="Alpha")
    save_response(alpha, {question.pk: 3}, submit=True)
    beta = Respondent.objects.get(contact__first_name="Beta")
    open_response(beta)
    save_response(beta, {question.pk: 1}, submit=False)
    # The ESP reported Delta's copy as bounced (the webhook sets the Delivery's state).
    Delivery.objects.filter(contact__first_name="Delta").update(state=Delivery.State.BOUNCED)
    return ret


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_the_coordinator_sees_who_has_submitted_drafted_not_opened_or_bounced(
    ret, client, coordinator
):
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
    assert "Submitted</td>" in _row(page, "Alpha Academy")
    assert "Drafted</td>" in _row(page, "Beta College")
    assert "Not opened</td>" in _row(page, "Gamma School")
    assert "Bounced</td>" in _row(page, "Delta Trust")
    assert "No Prevent lead in the directory</td>" in _row(page, "Epsilon Council")
    assert "Submitted: 1" in page and "Not opened: 1" in page and "Bounced: 1" in page


def test_the_status_list_filters_by_status(ret, client, coordinator):
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/status/?status=bounced").content.decode()
    assert "Delta Trust" in page and "Alpha Academy" not in page


def test_opening_the_link_changes_not_opened_at_once(ret, client, coordinator):
    open_response(Respondent.objects.get(contact__first_name="Gamma"))
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
    assert "Opened, nothing saved</td>" in _row(page, "Gamma School")


def test_nobody_else_sees_the_status_or_a_response(ret, client, outsider):

    response = ret.responses.get(organisation__name="Alpha Academy")
    for user in (outsider, None):
        client.logout()
        if user:
            client.force_login(user)
        for url in (
            f"/admin/returns/{ret.pk}/status/",
            f"/admin/returns/{ret.pk}/status/{response.pk}/",
        ):
            answer = client.get(url)
            assert answer.status_code in (302, 404)
            assert "Alpha Academy" not in answer.content.decode()
    editor = make_person("editor2", email="e@example.org", perms=["access_admin"])
    client.force_login(editor)
    assert client.get(f"/admin/returns/{ret.pk}/status/").status_code == 404
    assert client.get(f"/admin/returns/{ret.pk}/status/{response.pk}/").status_code == 404


def test_a_response_of_another_return_is_not_found_under_this_one(
    ret, client, coordinator, django_capture_on_commit_callbacks
):
    zeta = organisation("Zeta School")
    lead(zeta, "Zeta", "Lead")  # a return reaching no Prevent lead cannot be sent
    other = custom_return(organisations=[zeta])
    with django_capture_on_commit_callbacks(execute=True):
        other = send(other, key=new_key())
    stranger = other.responses.get()
    client.force_login(coordinator)
    assert client.get(f"/admin/returns/{ret.pk}/status/{stranger.pk}/").status_code == 404


def test_the_returns_screens_link_to_each_other_in_one_bar(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/admin/returns/progress/").content.decode()

    assert (
        '<p><a href="/admin/returns/">Returns</a> · '
        '<a href="/admin/returns/new/">New return from a template</a> · '
        '<a href="/admin/returns/figures/">Returned figures</a> · '
        '<a href="/admin/returns/progress/">Plan progress</a></p>'
    ) in page
