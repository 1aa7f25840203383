"""Sending a return to each organisation's Prevent lead through the engine, the personal link,
and the lead's draft / come back / submit / reopen / resubmit, with a colleague added."""

import time
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail

from core.idempotency import new_key
from returns.models import Answer, ProgressUpdate, Question, Respondent, Response, Return
from sending.models import Delivery
from tests.support.people import make_coordinator
from tests.support.returns import (
    custom_return,
    district,
    lead,
    link_in,
    organisation,
    path_for,
    send,
)

pytestmark = pytest.mark.django_db

LD = [
    (
        Question.Kind.WHOLE_NUMBER,
        "Staff trained at level 1",
        {"help_text": "0 if none", "level": 1},
    ),
    (
        Question.Kind.WHOLE_NUMBER,
        "Staff trained at level 2",
        {"help_text": "0 if none", "level": 2},
    ),
    (Question.Kind.YES_NO, "Is your training plan up to date?", {"help_text": "Yes or no"}),
    (Question.Kind.SHORT_TEXT, "Anything else", {"required": False, "help_text": "Optional"}),
]


@pytest.fixture
def college():
    return organisation("Northvale College", districts=[district("Northvale")])


@pytest.fixture
def sent(college, django_capture_on_commit_callbacks):
    priya = lead(college, "Priya", "Lead")
    ret = custom_return(questions=LD, organisations=[college], title="L&D return, Q2")
    with django_capture_on_commit_callbacks(execute=True):
        ret = send(ret, key=new_key())
    return ret, priya


def _questions(ret):
    return {q.text: f"q{q.pk}" for q in ret.questions.all()}


def test_sending_emails_each_organisations_prevent_lead_their_own_link(
    college, django_capture_on_commit_callbacks
):
    school = organisation("Southvale School")
    priya = lead(college, "Priya", "Lead")
    sam = lead(school, "Sam", "School")
    other = lead(college, "Omar", "Other")
    other.roles.clear()  # not a Prevent lead: not asked
    ret = custom_return(questions=LD, organisations=[college, school])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(ret, key=new_key())

    assert sorted(parseaddr(m.to[0])[1] for m in mail.outbox) == sorted([priya.email, sam.email])
    assert Delivery.objects.filter(send=Return.objects.get().send).count() == 2
    assert Return.objects.get().send.kind == "return"  # told apart from staff notifications
    links = set()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        link = link_in(message)
        assert link in html and message.subject == "Please complete: Test return"
        assert "Dear Priya" in message.body or "Dear Sam" in message.body
        links.add(link)
    assert len(links) == 2  # personal links
    assert Response.objects.filter(ret=ret).count() == 2


def test_the_send_button_sends_once_however_often_it_is_pressed(
    college, django_capture_on_commit_callbacks, client, coordinator
):
    lead(college)
    ret = custom_return(questions=LD, organisations=[college])
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/send/")
    assert "1</strong> Prevent lead" in page.content.decode()
    key = new_key()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/admin/returns/{ret.pk}/send/", {"idempotency_key": key})
        again = client.post(f"/admin/returns/{ret.pk}/send/", {"idempotency_key": key})
        other_key = client.post(f"/admin/returns/{ret.pk}/send/", {"idempotency_key": new_key()})
    assert first.status_code == again.status_code == other_key.status_code == 302
    # The coordinator lands on the send's report, the first time and the second alike.
    report = f"/admin/newsletters/sends/{Return.objects.get().send_id}/"
    assert first["Location"] == again["Location"] == other_key["Location"] == report
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1 and Respondent.objects.count() == 1


def test_an_outsider_cannot_send_a_return(college, client, outsider):
    lead(college)
    ret = custom_return(questions=LD, organisations=[college])
    client.force_login(outsider)
    answer = client.post(f"/admin/returns/{ret.pk}/send/", {"idempotency_key": new_key()})
    assert answer.status_code in (302, 404)  # to sign-in (no admin access), or not found
    assert not mail.outbox and Return.objects.get().state == "draft"


def test_the_lead_saves_a_draft_comes_back_and_submits(sent, client):
    ret, priya = sent
    path = link_in(mail.outbox[-1])
    fields = _questions(ret)
    page = client.get(path)
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    text = page.content.decode()
    assert "Northvale College" in text and "Staff trained at level 1" in text
    assert "Do not name or describe any person or case" in text
    assert Response.objects.get().opened_at is not None

    draft = client.post(
        path, {"step": "save", fields["Staff trained at level 1"]: "12"}, follow=True
    )
    assert "Your draft is saved" in draft.content.decode()
    assert Response.objects.get().state == "drafted"

    later = client.get(path).content.decode()  # coming back later with the same link
    assert 'value="12"' in later

    missing = client.post(path, {"step": "submit", fields["Staff trained at level 1"]: "12"})
    assert "Enter a whole number for “Staff trained at level 2”" in missing.content.decode()
    assert Response.objects.get().state == "drafted"

    negative = client.post(path, {"step": "submit", fields["Staff trained at level 2"]: "-3"})
    assert "Enter 0 or more" in negative.content.decode()

    done = client.post(
        path,
        {
            "step": "submit",
            fields["Staff trained at level 1"]: "12",
            fields["Staff trained at level 2"]: "4",
            fields["Is your training plan up to date?"]: "yes",
        },
        follow=True,
    )
    assert "your return is submitted" in done.content.decode()
    response = Response.objects.get()
    assert response.state == "submitted" and response.submitted_by == priya
    assert sorted(a.display for a in Answer.objects.all()) == ["", "12", "4", "Yes"]

    # Once submitted nothing changes until the coordinator reopens it.
    client.post(path, {"step": "save", fields["Staff trained at level 1"]: "99"})
    assert Answer.objects.get(question__level=1).number == 12


def test_the_coordinator_reopens_with_a_note_and_the_lead_resubmits(
    sent, client, coordinator, django_capture_on_commit_callbacks
):
    ret, priya = sent
    path = link_in(mail.outbox[-1])
    fields = _questions(ret)
    values = {
        fields["Staff trained at level 1"]: "12",
        fields["Staff trained at level 2"]: "40",
        fields["Is your training plan up to date?"]: "no",
    }
    client.post(path, {"step": "submit", **values})
    response = Response.objects.get()
    staff = client.__class__()
    staff.force_login(coordinator)
    detail = staff.get(f"/admin/returns/{ret.pk}/status/{response.pk}/").content.decode()
    assert "Submitted" in detail and "40" in detail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            f"/admin/returns/{ret.pk}/status/{response.pk}/reopen/",
            {"note": "Please check the level 2 figure"},
        )
    assert Response.objects.get().state == "reopened"
    (message,) = mail.outbox
    assert "level 2" not in message.body and "level 2" not in message.alternatives[0][0]
    page = client.get(link_in(message)).content.decode()
    assert "Please check the level 2 figure" in page and 'value="40"' in page

    client.post(path, {"step": "submit", **values, fields["Staff trained at level 2"]: "4"})
    response = Response.objects.get()
    assert response.state == "submitted"
    assert Answer.objects.get(question__level=2).number == 4


def test_forged_expired_and_other_organisation_links_open_nothing(
    sent, client, monkeypatch, settings
):
    ret, priya = sent
    good = path_for(Respondent.objects.get())
    assert client.get(good).status_code == 200

    forged = good[:-6] + "xxxxx/"
    assert client.get(forged).status_code == 404
    assert "Northvale College" not in client.get(forged).content.decode()

    real_time = time.time
    later = real_time() + timedelta(days=settings.RETURNS_LINK_DAYS + 1).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.get(good)
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    monkeypatch.setattr("django.core.signing.time.time", real_time)

    # The lead moved to another organisation: their old organisation's return stays closed.
    priya.organisation = organisation("Elsewhere Trust")
    priya.save()
    moved = client.get(good)
    assert moved.status_code == 404 and "Staff trained" not in moved.content.decode()

    # A link signed for another purpose (a partner link's salt) opens nothing either.
    from django.core import signing

    other = signing.dumps({"r": 1, "n": "x", "c": priya.pk}, salt="networks.link.partner")
    assert client.get(f"/returns/r/{other}/").status_code == 404


def test_a_link_emailed_before_the_move_to_core_links_still_opens(sent, client):
    """Links already in leads' inboxes were signed by returns' own code: same salt, same keys."""
    from django.core import signing

    ret, priya = sent
    respondent = Respondent.objects.get()
    old = signing.dumps(
        {"r": respondent.pk, "n": respondent.response.nonce, "c": respondent.contact_id},
        salt="returns.link",
        compress=True,
    )
    page = client.get(f"/returns/r/{old}/")
    assert page.status_code == 200 and "Staff trained at level 1" in page.content.decode()


def test_the_lead_adds_a_colleague_who_gets_their_own_link(
    sent, client, django_capture_on_commit_callbacks
):
    ret, priya = sent
    path = link_in(mail.outbox[-1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            path,
            {
                "step": "colleague",
                "colleague-first_name": "Chris",
                "colleague-last_name": "Colleague",
                "colleague-email": "chris@example.org",
            },
            follow=True,
        )
    assert "If your colleague can be added" in answer.content.decode()
    (message,) = mail.outbox
    assert parseaddr(message.to[0])[1] == "chris@example.org"
    chris = Respondent.objects.get(contact__email="chris@example.org")
    assert chris.contact.organisation == priya.organisation and chris.added_by_contact == priya
    assert client.get(link_in(message)).status_code == 200


def test_a_lead_cannot_pull_someone_from_another_organisation_into_the_return(
    sent, client, django_capture_on_commit_callbacks
):
    ret, priya = sent
    stranger = lead(organisation("Elsewhere Trust"), "Sasha", "Stranger")
    path = link_in(mail.outbox[-1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            path,
            {
                "step": "colleague",
                "colleague-first_name": "Sasha",
                "colleague-email": stranger.email,
            },
            follow=True,
        )
    assert "If your colleague can be added" in answer.content.decode()  # the same answer
    assert not mail.outbox
    assert not Respondent.objects.filter(contact=stranger).exists()


def test_the_coordinator_adds_a_second_person_of_the_organisation(
    sent, client, coordinator, django_capture_on_commit_callbacks
):
    ret, priya = sent
    college = priya.organisation
    from networks.models import Contact

    omar = Contact.objects.create(first_name="Omar", email="omar@example.org", organisation=college)
    response = Response.objects.get()
    client.force_login(coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/returns/{ret.pk}/status/{response.pk}/add/", {"contact": omar.pk})
    assert [parseaddr(m.to[0])[1] for m in mail.outbox] == ["omar@example.org"]
    assert Respondent.objects.filter(response=response).count() == 2


def test_submitting_an_action_update_records_each_actions_progress(
    college, django_capture_on_commit_callbacks, client
):
    from datetime import date

    from returns.actions import create_return_from_template
    from returns.models import Action, Plan, Theme

    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    theme = Theme.objects.create(plan=plan, number=3, name="L&D")
    ours = Action.objects.create(theme=theme, number="3.5", text="Monitor take-up")
    ours.responsible_organisations.add(college)
    theirs = Action.objects.create(theme=theme, number="3.6", text="Police figures")
    theirs.responsible_organisations.add(organisation("Northvale Police", sector="police"))
    lead(college)
    ret = create_return_from_template("action_update", date(2026, 7, 1), date(2026, 10, 14))
    with django_capture_on_commit_callbacks(execute=True):
        send(ret, key=new_key())
    assert len(mail.outbox) == 1  # the police have no Prevent lead in this test
    respondent = Respondent.objects.get(response__organisation=college)
    page = client.get(path_for(respondent)).content.decode()
    assert "Monitor take-up" in page and "Police figures" not in page
    status = ret.questions.get(action=ours, kind="rag")
    narrative = ret.questions.get(action=ours, kind="short_text")
    client.post(
        path_for(respondent),
        {"step": "submit", f"q{status.pk}": "at_risk", f"q{narrative.pk}": "Two schools late"},
    )
    update = ProgressUpdate.objects.get()
    assert (update.action, update.status, update.narrative) == (ours, "at_risk", "Two schools late")
    assert update.quarter_start == date(2026, 7, 1) and update.organisation == college


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_send_once(demo_site):
    from django.db import connection
    from django.test import Client

    from tests.support.concurrency import post_at_once
    from tests.support.services import require

    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    coordinator = make_coordinator("casey", email="casey@example.org")
    college = organisation("Northvale Test College")
    lead(college)
    ret = custom_return(questions=LD, organisations=[college])
    signed_in = Client()
    signed_in.force_login(coordinator)
    mail.outbox.clear()

    responses = post_at_once(
        signed_in.cookies, f"/admin/returns/{ret.pk}/send/", {"idempotency_key": new_key()}
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert Response.objects.filter(ret=ret).count() == 1
    assert (
        Delivery.objects.filter(send__in=Return.objects.filter(pk=ret.pk).values("send")).count()
        == 1
    )
    assert len(mail.outbox) == 1


def test_the_coordinator_changes_an_action_in_wagtail(client, coordinator):
    from datetime import date

    from returns.models import Action, Plan, Theme

    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    theme = Theme.objects.create(plan=plan, number=2, name="Leadership")
    action = Action.objects.create(theme=theme, number="2.4", text="Annual report", timescale="May")
    client.force_login(coordinator)
    answer = client.post(
        f"/admin/snippets/returns/action/edit/{action.pk}/",
        {
            "theme": theme.pk,
            "number": "2.4",
            "sort_order": 0,
            "text": "Annual report to the boards",
            "responsible_agency": "PWG",
            "key_stakeholders": "",
            "timescale": "June",
            "outcomes": "",
            "notes": "",
        },
    )
    assert answer.status_code == 302
    action.refresh_from_db()
    assert (action.text, action.timescale) == ("Annual report to the boards", "June")


def _edit_form(ret, user, *, question_text=None, **changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from returns.viewsets import ReturnViewSet

    questions = [
        {
            "id": q.pk,
            "kind": q.kind,
            "text": question_text if (question_text and i == 0) else q.text,
            "help_text": q.help_text,
            "required": "on" if q.required else "",
            "action": q.action_id or "",
            "ORDER": i + 1,
        }
        for i, q in enumerate(ret.questions.all())
    ]
    fields = {
        "title": ret.title,
        "period_kind": ret.period_kind,
        "period_start": ret.period_start.isoformat(),
        "due_on": ret.due_on.isoformat(),
        "introduction": ret.introduction,
        "questions": inline_formset(questions, initial=len(questions)),
        **changes,
    }
    data = nested_form_data(fields)
    data["organisations"] = [str(o.pk) for o in ret.organisations.all()]
    data["sectors"] = list(ret.sectors)
    form_class = ReturnViewSet.edit_handler.bind_to_model(Return).get_form_class()
    return form_class(data, instance=ret, for_user=user)


def test_a_sent_returns_questions_and_period_cannot_be_edited_but_its_due_date_can(sent):
    ret, _ = sent
    coordinator = make_coordinator()
    asked = list(ret.questions.values_list("text", flat=True))

    reworded = _edit_form(ret, coordinator, question_text="How many staff did WRAP?")
    assert not reworded.is_valid()
    assert "The questions cannot change once the return is sent" in " ".join(
        reworded.non_field_errors()
    )
    dropped = _edit_form(ret, coordinator)
    dropped.data["questions-0-DELETE"] = "on"
    assert not dropped.is_valid()
    moved = _edit_form(ret, coordinator, period_start="2020-04-01")
    assert not moved.is_valid()
    assert moved.errors["period_start"] == ["This cannot change once the return is sent."]
    assert list(ret.questions.values_list("text", flat=True)) == asked

    later = (ret.due_on + timedelta(days=7)).isoformat()
    extended = _edit_form(ret, coordinator, due_on=later)
    assert extended.is_valid(), extended.errors
    extended.save()
    ret.refresh_from_db()
    assert ret.due_on.isoformat() == later
    assert list(ret.questions.values_list("text", flat=True)) == asked


def _nothing_created(ret):
    from wagtail.models import ModelLogEntry

    from sending.models import Send

    ret.refresh_from_db()
    assert ret.state == "draft" and ret.send_id is None and ret.idempotency_key is None
    assert not Response.objects.exists() and not Respondent.objects.exists()
    assert not Send.objects.exists() and not Delivery.objects.exists() and not mail.outbox
    assert not ModelLogEntry.objects.filter(action="returns.return.sent").exists()


def test_a_return_to_no_organisation_cannot_be_confirmed(
    client, coordinator, django_capture_on_commit_callbacks
):
    ret = custom_return(questions=LD)  # no organisation, no sector
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/send/").content.decode()
    assert "This return goes to no organisation" in page
    assert "Confirm and send" not in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/admin/returns/{ret.pk}/send/", {"idempotency_key": new_key()}, follow=True
        )
    assert answer.redirect_chain[-1][0] == f"/admin/returns/{ret.pk}/send/"
    assert "This return goes to no organisation" in answer.content.decode()
    assert "Nothing was sent." in answer.content.decode()
    _nothing_created(ret)


def test_a_return_whose_organisations_have_no_prevent_lead_cannot_be_confirmed(
    college, client, coordinator, django_capture_on_commit_callbacks
):
    school = organisation("Southvale School")
    gone = lead(school, "Gina", "Gone")
    gone.roles.clear()  # not a Prevent lead: the organisations have none
    ret = custom_return(questions=LD, organisations=[college, school])
    client.force_login(coordinator)
    page = client.get(f"/admin/returns/{ret.pk}/send/").content.decode()
    assert "None of the 2 organisations this return goes to has a Prevent lead" in page
    assert "Confirm and send" not in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/admin/returns/{ret.pk}/send/", {"idempotency_key": new_key()}, follow=True
        )
    assert "None of the 2 organisations" in answer.content.decode()
    _nothing_created(ret)


def test_the_send_action_refuses_a_return_that_reaches_nobody(college):
    from returns.actions import NothingToSend, send_return

    empty = custom_return(questions=LD)
    with pytest.raises(NothingToSend, match="goes to no organisation"):
        send_return(empty, idempotency_key=new_key())
    _nothing_created(empty)

    no_lead = custom_return(questions=LD, organisations=[college])
    with pytest.raises(NothingToSend, match="The organisation this return goes to has no"):
        send_return(no_lead, idempotency_key=new_key())
    _nothing_created(no_lead)

    # Once a Prevent lead is in the directory, the same return goes.
    lead(college)
    assert send_return(no_lead, idempotency_key=new_key())[1] is True
