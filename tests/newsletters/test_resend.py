"""Sending an issue again to people it already reached is its own, deliberate step: who (everyone
already sent it, or some of their addresses) and why (required), who it will go to again (the
list is exactly the re-send's deliveries), confirm once; logged with the reason and the
coordinator, and shown on the re-send's report. A mistake comes back with a message and loses
nothing; a form overtaken by another re-send sends nothing; only those who may send the issue
may send it again."""

import re
import uuid

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry, PageLogEntry

from networks.models import Subscription
from sending.models import Delivery, Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.audience import left_out, listed
from tests.support.sending import make_audience

pytestmark = pytest.mark.django_db

REASON = "The first copy had a broken link to the training dates."


def send_url(page, again=False):
    return f"/admin/newsletters/{page.pk}/send{'-again' if again else ''}/"


@pytest.fixture
def sent_issue(demo_issue, coordinator, client, django_capture_on_commit_callbacks):
    """The approved issue, sent to lead0, lead1 and lead2; the coordinator signed in."""
    submit_and_approve(demo_issue, coordinator, coordinator)
    segment = make_audience(3, segment_name="District leads")
    client.force_login(coordinator)
    data = {"segments": [segment.pk], "when": "now", "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(demo_issue), {**data, "idempotency_key": uuid.uuid4().hex})
    mail.outbox.clear()
    return demo_issue


def choose(page, **fields):
    return {"generation": "1", **fields}


def test_the_coordinator_sends_it_again_to_chosen_people_with_a_reason(
    client, coordinator, sent_issue, django_capture_on_commit_callbacks
):
    form = client.get(send_url(sent_issue, again=True)).content.decode()
    assert "3 people have been sent this issue" in form

    check = client.post(
        send_url(sent_issue, again=True),
        choose(sent_issue, who="chosen", addresses="LEAD1@example.org", reason=REASON),
    )
    html = check.content.decode()
    assert "This will send the issue again to <strong>1 person</strong>" in html
    assert listed(html) == ["lead1@example.org"]
    assert left_out(html) == ["2 people: not among the addresses chosen"]
    confirm = {**dict(check.context["carried"]), "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(send_url(sent_issue, again=True), confirm)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(send_url(sent_issue, again=True), confirm)  # posted twice

    resend = Send.objects.get(resend_generation=1)
    assert first.url == again.url == f"/admin/newsletters/sends/{resend.pk}/"
    rows = resend.deliveries.all()
    assert [r.email for r in rows] == listed(html)
    assert {r.content_key for r in rows} == {f"page:{sent_issue.pk}:resend:1"}
    assert [m.to[0] for m in mail.outbox] == ["Lee1 Lead <lead1@example.org>"]
    assert resend.resend_reason == REASON and resend.created_by == coordinator
    logged = ModelLogEntry.objects.get(action="newsletters.send.resent")
    assert logged.user_id == coordinator.pk and logged.data["reason"] == REASON
    on_page = PageLogEntry.objects.get(action="sending.page.resent", page=sent_issue)
    assert on_page.data["reason"] == REASON and on_page.data["recipients"] == 1

    report = client.get(first.url).content.decode()
    assert "Re-send 1 to people already sent it" in report and REASON in report
    first_send = Send.objects.get(resend_generation=0)
    original = client.get(f"/admin/newsletters/sends/{first_send.pk}/").content.decode()
    assert f'href="/admin/newsletters/sends/{resend.pk}/">Re-send 1</a>' in original


def test_everyone_again_leaves_out_who_has_unsubscribed_since(
    client, sent_issue, django_capture_on_commit_callbacks
):
    Subscription.objects.filter(contact__email="lead2@example.org").update(status="unsubscribed")

    check = client.post(send_url(sent_issue, again=True), choose(sent_issue, who="all", reason="x"))
    html = check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            send_url(sent_issue, again=True), {**dict(check.context["carried"]), "confirm": "1"}
        )

    assert left_out(html) == ["1 person: unsubscribed from the topic"]
    resend = Send.objects.get(resend_generation=1)
    assert sorted(resend.deliveries.values_list("email", flat=True)) == listed(html)
    assert listed(html) == ["lead0@example.org", "lead1@example.org"]


BAD_INPUT = [
    ({"who": "all", "reason": "  "}, "Say why it is sent again"),
    ({"reason": REASON}, "Choose who to send it to again."),
    ({"who": "chosen", "reason": REASON}, "Give at least one address"),
    (
        {"who": "chosen", "addresses": "lead1@, lead2@example.org", "reason": REASON},
        "These are not email addresses: lead1@.",
    ),
    (
        {"who": "chosen", "addresses": "lead1@example.org\nnobody@example.org", "reason": REASON},
        "nobody@example.org was never sent it",
    ),
]


def test_bad_input_gets_a_clear_message_and_loses_nothing(client, sent_issue):
    for fields, message in BAD_INPUT:
        answer = client.post(send_url(sent_issue, again=True), choose(sent_issue, **fields))
        html = answer.content.decode()

        assert answer.status_code == 200 and "There is a problem" in html, fields
        assert message in html, fields
        for value in (fields.get("addresses"), fields.get("reason", "").strip()):
            if value:
                assert value in html, fields  # as typed
        if fields.get("who"):
            assert re.search(rf'value="{fields["who"]}"[^>]*checked', html), fields
    assert not Send.objects.filter(resend_generation__gt=0).exists() and not mail.outbox


def test_a_form_opened_before_another_resend_says_so_and_sends_nothing(
    client, sent_issue, django_capture_on_commit_callbacks
):
    """Two coordinators open the form; one sends it again; the other's confirm (its own key)
    comes back saying so, with its choices kept, ready for a re-send 2 only if still wanted."""
    fields = choose(sent_issue, who="chosen", addresses="lead0@example.org", reason=REASON)
    forms = [client.post(send_url(sent_issue, again=True), fields) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            send_url(sent_issue, again=True), {**dict(forms[0].context["carried"]), "confirm": "1"}
        )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        late = client.post(
            send_url(sent_issue, again=True), {**dict(forms[1].context["carried"]), "confirm": "1"}
        )

    html = late.content.decode()
    assert "It was sent again since you opened this form" in html and REASON in html
    assert 'name="generation" value="2"' in html and "lead0@example.org" in html
    assert Send.objects.filter(resend_generation__gt=0).count() == 1 and not mail.outbox


def test_only_who_may_send_the_issue_may_send_it_again(
    client, sent_issue, editor, outsider, django_capture_on_commit_callbacks
):
    fields = choose(sent_issue, who="all", reason=REASON, confirm="1")
    fields["idempotency_key"] = uuid.uuid4().hex
    client.force_login(editor)  # edits the issue, may not send
    with django_capture_on_commit_callbacks(execute=True):
        by_editor = [client.get(send_url(sent_issue, again=True))] + [
            client.post(send_url(sent_issue, again=True), fields)
        ]
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    by_outsider = client.post(send_url(sent_issue, again=True), fields)

    assert [a.status_code for a in by_editor] == [403, 403]
    assert by_outsider.status_code in (302, 404)
    assert not Send.objects.filter(resend_generation__gt=0).exists() and not mail.outbox
    assert Delivery.objects.count() == 3
