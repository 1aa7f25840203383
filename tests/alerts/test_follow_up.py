"""When a reporter adds information: the responders looking after the report are told (a link
only) and the inbox marks the row until one of them opens it. Assigning tells the assignee.
The history reads as sentences, not codes."""

import pytest
from django.core import mail

from alerts.models import Outbox
from tests.support.people import make_responder
from tests.support.two_factor import verified_client

from .helpers import make_report

SECRET = "The van was parked outside number 14 again on Sunday."


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def test_a_follow_up_tells_the_assigned_responder_with_a_link_only_and_marks_the_inbox_row(
    client, on_commit, police_officer, rugby_responder, districts, django_user_model
):
    from alerts import actions

    report, _ = make_report(district=districts["Rugby"])
    actions.assign_report(report, police_officer, rugby_responder)
    mail.outbox.clear()

    on_commit(actions.add_submitter_information, report, SECRET)

    assert [m.to for m in mail.outbox] == [[rugby_responder.email]]
    message = mail.outbox[0]
    assert message.subject == "New information on a report"
    link = f"http://127.0.0.1:8000/admin/alerts/reports/{report.pk}/"
    html = message.alternatives[0][0]
    assert link in message.body and f'href="{link}"' in html
    for part in (message.subject, message.body, html):
        assert "number 14" not in part and "Graffiti" not in part

    robin = verified_client(client, rugby_responder)
    inbox = robin.get("/admin/alerts/").content.decode()
    assert "New information" in inbox
    robin.get(f"/admin/alerts/reports/{report.pk}/")
    assert "New information" not in robin.get("/admin/alerts/").content.decode()


def test_a_follow_up_on_an_unassigned_report_tells_the_people_it_was_routed_to(
    client, on_commit, police_officer, districts
):
    from alerts import actions

    report, _ = make_report(district=districts["Warwick"])
    mail.outbox.clear()

    on_commit(actions.add_submitter_information, report, SECRET)

    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    assert Outbox.objects.filter(kind="more_information").count() == 1


def test_the_submitters_follow_up_through_the_public_page_notifies(
    client, on_commit, police_officer, districts
):
    from alerts.models import Report

    from .helpers import form_data

    client.post("/report/new/", form_data())
    report = Report.objects.get()
    mail.outbox.clear()

    response = on_commit(client.post, f"/report/r/{report.reference}/", {"body": SECRET})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    assert "number 14" not in mail.outbox[0].body


def test_assigning_a_responder_sends_them_a_link_only_notice_but_not_for_self_assignment(
    officer_client, on_commit, police_officer, rugby_responder, districts
):
    report, _ = make_report(district=districts["Rugby"])
    mail.outbox.clear()

    on_commit(
        officer_client.post,
        f"/admin/alerts/reports/{report.pk}/assign/",
        {"assignee": rugby_responder.pk},
    )
    on_commit(
        officer_client.post,
        f"/admin/alerts/reports/{report.pk}/assign/",
        {"assignee": police_officer.pk},
    )

    assert [m.to for m in mail.outbox] == [[rugby_responder.email]]
    message = mail.outbox[0]
    assert message.subject == "A report has been assigned to you"
    link = f"http://127.0.0.1:8000/admin/alerts/reports/{report.pk}/"
    assert link in message.body and f'href="{link}"' in message.alternatives[0][0]
    assert "Graffiti" not in message.body + message.alternatives[0][0]


def test_the_history_says_what_changed_in_words(
    officer_client, police_officer, rugby_responder, districts
):
    report, _ = make_report(district=districts["Rugby"])
    officer_client.post(
        f"/admin/alerts/reports/{report.pk}/state/", {"state": "acknowledged", "outcome": ""}
    )
    officer_client.post(
        f"/admin/alerts/reports/{report.pk}/assign/", {"assignee": rugby_responder.pk}
    )
    officer_client.post(f"/admin/alerts/reports/{report.pk}/urgency/", {"urgency": "normal"})

    html = officer_client.get(f"/admin/alerts/reports/{report.pk}/").content.decode()
    history = html.split('id="history-title"')[1]

    assert "Status changed from New to Acknowledged by Pat Officer" in history
    assert "Assigned to Robin Responder by Pat Officer" in history
    assert "Urgency changed from Urgent to Normal by Pat Officer" in history
    assert "Report received" in history
    assert "alerts.report." not in history


def test_a_new_responder_outside_the_district_is_never_told_of_a_follow_up(
    on_commit, police_officer, districts, django_user_model
):
    from alerts import actions

    make_responder("warwick.responder", [districts["Warwick"]])
    report, _ = make_report(district=districts["Rugby"])
    mail.outbox.clear()

    on_commit(actions.add_submitter_information, report, SECRET)

    assert "warwick.responder@example.org" not in [m.to[0] for m in mail.outbox]
