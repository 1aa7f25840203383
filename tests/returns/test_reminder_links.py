"""A chase offers no bulk unsubscribe but two personal links for the person who got it: "I am
not the right person" (hand the return to a colleague, who gets their own link) and "stop
reminders for this return". Each is a sealed, single-purpose, expiring link: a GET shows a page
with a button, a POST does it once; the coordinator's status screen shows it."""

import re
import time
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from returns.actions import save_response, send_chases
from returns.models import Respondent
from tests.support.returns import (
    CHASED_DUE,
    lead,
    link_in,
    organisation,
    path_for,
    two_leads_return,
)

pytestmark = pytest.mark.django_db

DUE = CHASED_DUE
HANDOVER = r"https?://[^/\s\"]+(/returns/not-me/[^/\s\"]+/)"
STOP = r"https?://[^/\s\"]+(/returns/stop-reminders/[^/\s\"]+/)"


@pytest.fixture
def ret(django_capture_on_commit_callbacks, settings):
    return two_leads_return(django_capture_on_commit_callbacks, settings)


def _chase(day, capture) -> dict[str, object]:
    """Run beat's chases for `day`: {address: message}."""
    mail.outbox.clear()
    with capture(execute=True):
        send_chases(day=day)
    return {parseaddr(m.to[0])[1]: m for m in mail.outbox}


def _links(message) -> tuple[str, str]:
    """The hand-over and stop links of a chase, the same in its text and HTML parts."""
    html = message.alternatives[0][0]
    handover, stop = re.search(HANDOVER, message.body), re.search(STOP, message.body)
    assert handover and stop
    assert handover.group(0) in html and stop.group(0) in html
    return handover.group(1), stop.group(1)


def _logged(action: str) -> int:
    return ModelLogEntry.objects.filter(action=action).count()


@pytest.fixture
def priya_chased(ret, django_capture_on_commit_callbacks):
    chased = _chase(DUE - timedelta(days=7), django_capture_on_commit_callbacks)
    priya = Respondent.objects.get(contact__first_name="Priya")
    return priya, chased[priya.contact.email]


def test_a_chase_offers_two_personal_actions_instead_of_a_bulk_unsubscribe(
    ret, django_capture_on_commit_callbacks
):
    chased = _chase(DUE - timedelta(days=7), django_capture_on_commit_callbacks)
    assert len(chased) == 2
    links = set()
    for message in chased.values():
        for part in (message.body, message.alternatives[0][0]):
            assert "Not the right person for this return?" in part
            assert "Stop reminders for this return" in part
            assert "unsubscribe" not in part.lower()
        handover, stop = _links(message)
        links |= {handover, stop}
    assert len(links) == 4  # each person's own pair
    # Opaque: no id or address can be read from a link.
    priya = Respondent.objects.get(contact__first_name="Priya")
    for link in links:
        assert priya.contact.email not in link and "Priya" not in link


def test_the_lead_stops_the_reminders_for_this_return_only(
    ret, priya_chased, client, coordinator, django_capture_on_commit_callbacks
):
    priya, message = priya_chased
    _, stop = _links(message)

    page = client.get(stop)  # a mail scanner following the link changes nothing
    text = page.content.decode()
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    assert "Northvale College" in text and "Stop reminders for this return</button>" in text
    priya.refresh_from_db()
    assert priya.chases_stopped_at is None

    done = client.post(stop, follow=True)
    assert "you will get no more reminders for this return" in done.content.decode()
    assert "Stop reminders for this return</button>" not in done.content.decode()
    priya.refresh_from_db()
    stopped_at = priya.chases_stopped_at
    assert stopped_at is not None and _logged("returns.respondent.chases_stopped") == 1

    again = client.post(stop)  # a double POST is one change
    assert again.status_code == 302
    priya.refresh_from_db()
    assert priya.chases_stopped_at == stopped_at
    assert _logged("returns.respondent.chases_stopped") == 1

    chased = _chase(DUE - timedelta(days=1), django_capture_on_commit_callbacks)
    assert list(chased) == [Respondent.objects.get(contact__first_name="Sam").contact.email]
    assert _chase(DUE + timedelta(days=3), django_capture_on_commit_callbacks).keys() == (
        chased.keys()
    )

    # Her link to the return still opens it.
    assert client.get(path_for(priya)).status_code == 200

    client.force_login(coordinator)
    status = client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
    row = status[
        status.index("Northvale College") : status.index("</tr>", status.index("Northvale"))
    ]
    assert "Priya Lead stopped the reminders" in row
    assert "1 person has stopped the reminders" in status
    other = status[status.index("Southvale School") :]
    assert "stopped the reminders" not in other[: other.index("</tr>")]


def test_the_lead_hands_the_return_to_a_colleague_who_gets_their_own_link(
    ret, priya_chased, client, coordinator, django_capture_on_commit_callbacks
):
    priya, message = priya_chased
    handover, _ = _links(message)
    colleague = {
        "colleague-first_name": "Chris",
        "colleague-last_name": "Colleague",
        "colleague-email": "chris@example.org",
    }

    page = client.get(handover)
    assert page.status_code == 200 and "Hand it to this colleague</button>" in page.content.decode()
    assert Respondent.objects.count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(handover, colleague, follow=True)
        again = client.post(handover, colleague)  # a double POST is one change
    assert "they will get an email with their own link" in done.content.decode()
    assert again.status_code == 302

    (email,) = mail.outbox
    assert parseaddr(email.to[0])[1] == "chris@example.org"
    for part in (email.body, email.alternatives[0][0]):
        assert "Priya Lead told us you are the right person to complete" in part
    chris = Respondent.objects.get(contact__email="chris@example.org")
    assert chris.response == priya.response and chris.added_by_contact == priya.contact
    assert chris.contact.organisation == priya.contact.organisation
    chris_link = link_in(email)
    assert chris_link != path_for(priya)
    assert "Staff trained" in client.get(chris_link).content.decode()
    priya.refresh_from_db()
    assert priya.handed_to == chris.contact and priya.chases_stopped_at is not None
    assert _logged("returns.respondent.handed_over") == 1
    assert _logged("returns.respondent.added") == 1

    # The reminders now go to Chris, not Priya; Chris's carry Chris's own links.
    chased = _chase(DUE - timedelta(days=1), django_capture_on_commit_callbacks)
    assert sorted(chased) == sorted(
        ["chris@example.org", Respondent.objects.get(contact__first_name="Sam").contact.email]
    )
    chris_handover, chris_stop = _links(chased["chris@example.org"])
    assert chris_handover != handover
    assert client.get(chris_stop).status_code == 200

    client.force_login(coordinator)
    status = client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
    assert "Priya Lead is not the right person: handed to Chris Colleague" in status
    detail = client.get(f"/admin/returns/{ret.pk}/status/{priya.response_id}/").content.decode()
    assert "handed to Chris Colleague" in detail


def test_handing_to_someone_of_another_organisation_adds_nobody_and_says_the_same(
    ret, priya_chased, client, coordinator, django_capture_on_commit_callbacks
):
    priya, message = priya_chased
    handover, _ = _links(message)
    stranger = lead(organisation("Elsewhere Trust"), "Sasha", "Stranger")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            handover,
            {"colleague-first_name": "Sasha", "colleague-email": stranger.email},
            follow=True,
        )
    assert "If your colleague can be added" in done.content.decode()  # the same answer
    assert not mail.outbox and not Respondent.objects.filter(contact=stranger).exists()
    priya.refresh_from_db()
    assert priya.handed_to is None and priya.chases_stopped_at is not None
    assert _logged("returns.respondent.refused") == 1

    client.force_login(coordinator)
    status = client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
    assert "the colleague they named is not on the return" in status


def test_the_lead_cannot_hand_the_return_to_themselves(ret, priya_chased, client):
    priya, message = priya_chased
    handover, _ = _links(message)
    page = client.post(
        handover, {"colleague-first_name": "Priya", "colleague-email": priya.contact.email.upper()}
    )
    assert "not your own" in page.content.decode()
    priya.refresh_from_db()
    assert priya.handed_over_at is None and priya.chases_stopped_at is None
    assert Respondent.objects.count() == 2


def test_a_submitted_return_is_not_handed_over(ret, priya_chased, client):
    priya, message = priya_chased
    handover, _ = _links(message)
    save_response(priya, {ret.questions.get().pk: 3}, submit=True)
    assert "was submitted on" in client.get(handover).content.decode()
    client.post(handover, {"colleague-first_name": "Chris", "colleague-email": "c@example.org"})
    priya.refresh_from_db()
    assert priya.handed_over_at is None and Respondent.objects.count() == 2


def test_forged_expired_and_other_purpose_links_get_the_bad_link_answer(
    ret, priya_chased, client, monkeypatch, settings
):
    priya, message = priya_chased
    handover, stop = _links(message)
    for link in (handover, stop):
        forged = link[:-6] + "xxxxx/"
        for answer in (client.get(forged), client.post(forged)):
            assert (
                answer.status_code == 404 and "This link does not work" in answer.content.decode()
            )
            assert "Northvale College" not in answer.content.decode()
            assert "no-store" in answer["Cache-Control"]

    # Single-purpose: a stop link does not hand over, a hand-over or return link does not stop.
    stop_token = stop.split("/")[-2]
    handover_token = handover.split("/")[-2]
    return_token = path_for(priya).split("/")[-2]
    assert client.post(f"/returns/not-me/{stop_token}/").status_code == 404
    assert client.post(f"/returns/stop-reminders/{handover_token}/").status_code == 404
    assert client.post(f"/returns/stop-reminders/{return_token}/").status_code == 404
    assert client.get(f"/returns/r/{stop_token}/").status_code == 404

    real_time = time.time
    later = real_time() + timedelta(days=settings.RETURNS_LINK_DAYS + 1).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    for link in (handover, stop):
        expired = client.post(link, {"colleague-first_name": "C", "colleague-email": "c@x.org"})
        assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    monkeypatch.setattr("django.core.signing.time.time", real_time)

    priya.refresh_from_db()
    assert priya.chases_stopped_at is None and priya.handed_over_at is None
    assert Respondent.objects.count() == 2


def test_subject_access_shows_the_hand_over_and_erasing_the_colleague_clears_it(
    ret, priya_chased, client, coordinator, django_capture_on_commit_callbacks
):
    from networks.actions.privacy import erase_contact, export_subject_access

    priya, message = priya_chased
    handover, _ = _links(message)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            handover,
            {"colleague-first_name": "Chris", "colleague-email": "chris@example.org"},
        )
    (entry,) = export_subject_access(priya.contact)["returns"]["returns"]
    assert entry["handed_to_a_colleague_at"] and entry["reminders_stopped_at"]

    chris = Respondent.objects.get(contact__email="chris@example.org").contact
    erase_contact(chris)
    priya.refresh_from_db()
    assert priya.handed_to is None
    client.force_login(coordinator)
    assert "Chris" not in client.get(f"/admin/returns/{ret.pk}/status/").content.decode()
