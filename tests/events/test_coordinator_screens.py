"""Coordinator screens: invite, answers, CSV, sign-in sheet, check-in, figures; outsiders 404."""

import pytest
from django.urls import reverse

from events.actions import accept_invitation, decline_invitation
from networks.models import District, Organisation, Segment
from tests.support.events import day, evening, invite, move_to_day, person

pytestmark = pytest.mark.django_db

SCREENS = ["invite", "list", "csv", "sign_in", "check_in", "figures", "feedback"]


@pytest.fixture
def answered(event):
    warwick = District.objects.create(name="Warwick")
    school = Organisation.objects.create(name="Warwick School", sector="education")
    priya = invite(event, person("Priya", "Lead", organisation=school))
    priya.contact.districts.add(warwick)
    accept_invitation(priya, [day(event).pk], {"dietary": '=HYPERLINK("x")'})
    decline_invitation(invite(event, person("Dan", "Decliner")))
    accept_invitation(invite(event, person("Eve", "Evening")), [evening(event).pk])
    return priya


@pytest.mark.parametrize("name", SCREENS)
def test_an_editor_who_is_not_a_coordinator_gets_a_404_on_every_screen(
    client, outsider, event, name
):
    from django.contrib.auth.models import Permission

    # An editor with admin access (without it Wagtail sends anyone to its login page).
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(reverse(f"events_admin:{name}", args=[event.pk])).status_code == 404


def test_the_live_list_shows_answers_and_counts(client, coordinator, event, answered):
    client.force_login(coordinator)
    page = client.get(reverse("events_admin:list", args=[event.pk])).content.decode()
    assert "Invited or registered 3 · accepted 2 · declined or withdrawn 1" in page
    assert "Priya Lead" in page and "Day session: Confirmed" in page
    assert "registered themselves" not in page and "over by" not in page


def test_the_live_list_marks_registrations_and_a_session_over_a_lowered_capacity(
    client, coordinator, event, answered
):
    from events.models import Invitation, Session

    rita = Invitation.objects.create(
        event=event, contact=person("Rita", "Volunteer"), self_registered=True
    )
    accept_invitation(rita, [day(event).pk])
    Session.objects.filter(pk=day(event).pk).update(capacity=1)
    client.force_login(coordinator)
    page = client.get(reverse("events_admin:list", args=[event.pk])).content.decode()
    assert "Invited or registered 4 (of whom registered themselves: 1)" in page
    assert 'Rita Volunteer <span class="w-status">registered</span>' in page
    assert "(over by 1: the capacity was lowered after places were given)" in page
    body = b"".join(
        client.get(reverse("events_admin:csv", args=[event.pk])).streaming_content
    ).decode()
    assert "Rita Volunteer,rita.volunteer@example.org,,Accepted,registered" in body
    assert "Priya Lead,priya.lead@example.org,Warwick School,Accepted,invited" in body


def test_the_csv_export_escapes_formulas(client, coordinator, event, answered):
    client.force_login(coordinator)
    response = client.get(reverse("events_admin:csv", args=[event.pk]))
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("name,email,organisation,answer,how,Day session")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_checking_in_on_the_day_marks_attended_and_feeds_the_figures(
    client, coordinator, event, answered
):
    event = move_to_day(event)
    client.force_login(coordinator)
    page = client.get(reverse("events_admin:check_in", args=[event.pk]), {"q": "priya"})
    html = page.content.decode()
    assert "Priya Lead" in html and "Eve Evening" not in html
    booking = answered.bookings.get()
    response = client.post(
        reverse("events_admin:mark_attended", args=[event.pk, booking.pk]), {"attended": "1"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    figures = client.get(reverse("events_admin:figures", args=[event.pk])).content.decode()
    assert "attended 1" in figures
    assert "<td>Warwick</td><td>1</td><td>1</td>" in figures


def test_the_sign_in_sheet_lists_confirmed_places_per_session(client, coordinator, event, answered):
    client.force_login(coordinator)
    page = client.get(reverse("events_admin:sign_in", args=[event.pk])).content.decode()
    assert "Priya Lead" in page and "Eve Evening" in page and "Dan Decliner" not in page


def test_the_invite_screen_counts_then_sends(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    warwick = District.objects.create(name="Warwick")
    for name in ("Ann", "Ben"):
        person(name, "Lead").districts.add(warwick)
    segment = Segment.objects.create(name="Warwick", rules={"districts": [warwick.pk]})
    client.force_login(coordinator)
    url = reverse("events_admin:invite", args=[event.pk])
    page = client.post(url, {"segments": [segment.pk]})
    assert "This will invite <strong>2 people</strong>" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**dict(page.context["carried"]), "confirm": "1"})
    assert response.status_code == 302 and "/admin/newsletters/sends/" in response.url
    assert event.invitations.count() == 2


def test_the_feedback_screen_shows_every_answer_and_the_figures_page_its_summary(
    client, coordinator, event, answered
):
    from events.actions import record_feedback
    from events.models import Reminder

    client.force_login(coordinator)
    empty = client.get(reverse("events_admin:feedback", args=[event.pk])).content.decode()
    assert "No feedback yet." in empty
    eve = event.invitations.get(contact__first_name="Eve")
    for invitation in (answered, eve):
        Reminder.objects.create(invitation=invitation, kind="feedback")
    record_feedback(answered, 5, "More on online harms, please")
    record_feedback(eve, 2, "Too much time on slides")

    page = client.get(reverse("events_admin:feedback", args=[event.pk])).content.decode()
    assert "2 answers from 2 people asked · average usefulness 3.5 out of 5" in page
    assert "More on online harms, please" in page and "Too much time on slides" in page
    assert "Warwick School" in page and "Very useful" in page
    figures = client.get(reverse("events_admin:figures", args=[event.pk])).content.decode()
    assert "2 answers from 2 asked; average usefulness 3.5 out of 5" in figures


def test_every_screen_links_to_the_others_in_one_bar(client, coordinator, event):
    client.force_login(coordinator)
    page = client.get(reverse("events_admin:figures", args=[event.pk])).content.decode()

    links = [
        f'<a href="{reverse(f"events_admin:{name}", args=[event.pk])}">{label}</a>'
        for name, label in [
            ("list", "Answers"),
            ("invite", "Invite"),
            ("csv", "Download CSV"),
            ("sign_in", "Sign-in sheet"),
            ("check_in", "Check-in"),
            ("figures", "Figures"),
            ("feedback", "Feedback"),
        ]
    ]
    assert f"<p>{' · '.join(links)}</p>" in page
