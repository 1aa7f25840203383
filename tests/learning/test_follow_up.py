"""The impact follow-up: three months after a session each person checked in at it gets one
short questionnaire, answers it once through a personal link, and the answers are seen only as
counts — exact on the coordinator's take-up report, small numbers suppressed for the board."""

import datetime as dt
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from board.sections import learning_impact
from core.disclosure import Rule
from core.periods import Period
from events.models import Booking
from learning.currency import today
from learning.follow_up import add_months, send_follow_ups
from learning.links import CERTIFICATE, follow_up_url
from learning.models import FollowUp
from networks.actions.privacy import erase_contact
from tests.support.learning import LONDON, booked, person
from tests.support.learning import training_session as make_session

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/training/follow-up/[^/\s\"<]+/")
ANSWERS = {"used_it": "yes", "more_confident": "yes", "sought_advice": "no"}


def _session_ended_months_ago(months, title):
    day = add_months(today(), -months)
    return make_session(
        title=title, level=2, start=dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=LONDON)
    )


def _checked_in(session, contact):
    booking = booked(session, contact)
    Booking.objects.filter(pk=booking.pk).update(checked_in_at=session.start_at)
    return booking


@pytest.fixture
def wrap():
    return _session_ended_months_ago(3, "WRAP, Nuneaton Library")


@pytest.fixture
def gita(wrap):
    gita = person("Gita", "Governor")
    _checked_in(wrap, gita)
    return gita


def _follow_up(contact) -> FollowUp:
    return FollowUp.objects.get(contact=contact)


def _path(follow_up) -> str:
    return follow_up_url(follow_up).removeprefix("http://127.0.0.1:8000")


def test_three_months_on_each_attendee_gets_one_questionnaire_saying_why(
    wrap, gita, django_capture_on_commit_callbacks
):
    booked(wrap, person("Nia", "Noshow"))  # booked, never checked in
    _checked_in(_session_ended_months_ago(2, "WRAP, too recent"), person("Tom", "Trainee"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_follow_ups() == 1
        assert send_follow_ups() == 0  # beat again: once per person per session
        assert send_follow_ups(day=today() + timedelta(days=3)) == 0

    (message,) = mail.outbox
    assert message.to == ["Gita Governor <gita.governor@example.org>"]
    assert message.subject == "Three questions about your Prevent training: WRAP, Nuneaton Library"
    for part in (message.body, message.alternatives[0][0]):
        assert LINK.search(part)
        assert "You attended WRAP, Nuneaton Library" in part
        assert "You get this because you attended this session" in part
    assert FollowUp.objects.get().level == 2


def test_a_session_long_past_gets_no_questionnaire(django_capture_on_commit_callbacks):
    old = _session_ended_months_ago(5, "WRAP, last winter")
    _checked_in(old, person("Olu", "Older"))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_follow_ups() == 0


def test_the_questionnaire_is_answered_once_through_its_link(client, wrap, gita):
    send_follow_ups()
    follow_up = _follow_up(gita)
    url = _path(follow_up)

    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "Three questions about your Prevent training" in body
    assert "Are you more confident to seek advice or make a referral" in body
    assert "call 999" in body

    missing = client.post(url, {"used_it": "yes"}).content.decode()
    assert "There is a problem" in missing
    assert "Choose whether you are more confident to seek advice or refer." in missing

    done = client.post(url, ANSWERS)
    assert done.status_code == 200 and "Your answers are saved" in done.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.used_it, follow_up.more_confident, follow_up.sought_advice) == (
        "yes",
        "yes",
        "no",
    )
    assert follow_up.answered_at is not None

    again = client.post(url, {"used_it": "no", "more_confident": "no", "sought_advice": "yes"})
    assert again.status_code == 409
    assert "You have already answered" in again.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.used_it == "yes" and follow_up.sought_advice == "no"
    assert "You have already answered" in client.get(url).content.decode()


@pytest.mark.parametrize("case", ["expired", "forged", "other purpose", "erased"])
def test_a_bad_questionnaire_link_opens_nothing(client, wrap, gita, monkeypatch, case):
    send_follow_ups()
    follow_up = _follow_up(gita)
    token = _path(follow_up).split("/")[3]
    expected = 404
    if case == "expired":
        import time

        later = time.time() + 61 * 86400
        monkeypatch.setattr(time, "time", lambda: later)
        expected = 410
    elif case == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif case == "other purpose":
        token = CERTIFICATE.make({"f": follow_up.pk, "c": gita.pk, "k": follow_up.pk})
    else:
        erase_contact(gita)

    response = client.post(f"/training/follow-up/{token}/", ANSWERS)

    assert response.status_code == expected
    assert "Gita" not in response.content.decode()
    assert FollowUp.objects.get().answered_at is None


def _answered(n, at, **answers):
    """n questionnaires answered at `at` with `answers` (each person at their own session)."""
    for i in range(n):
        session = _session_ended_months_ago(3, f"WRAP {at:%Y%m%d} {i} {FollowUp.objects.count()}")
        FollowUp.objects.create(
            session=session,
            contact=person(f"P{FollowUp.objects.count()}", "Answered"),
            level=2,
            answered_at=at,
            **{**ANSWERS, **answers},
        )


@pytest.fixture
def last_quarter():
    """Ten answers in the last quarter that has ended: used it, 8 yes and 2 no."""
    period = Period.last_complete_quarter()
    at = timezone.make_aware(dt.datetime.combine(period.start + timedelta(days=10), dt.time(12)))
    _answered(8, at, used_it="yes")
    _answered(2, at, used_it="no")
    return period


def test_the_coordinator_sees_the_answers_as_exact_counts_on_the_take_up_report(
    client, coordinator, last_quarter
):
    client.force_login(coordinator)

    response = client.get(reverse("learning_admin:takeup") + f"?quarter={last_quarter.key}")

    body = response.content.decode()
    table = body[body.index('data-table="impact"') :]
    table = table[: table.index("</table>")]
    row = re.search(r"Have used what they learned in their work</th>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["8", "2", "0", "10"]
    assert "P1 Answered" not in body  # counts only, never a person


def test_the_board_sees_small_numbers_suppressed(client, board_member, last_quarter):
    section = learning_impact.figures(last_quarter, Rule())
    table = section.tables[0]
    used = table.cells[table.rows.index("Have used what they learned in their work")]
    shown = [f.text for f in used]
    assert shown[1] == "1–7"  # the 2 who said no
    assert shown[0] == "withheld"  # else 10 − 8 would give the 2 back
    assert table.row_totals[0].text == "10"
    assert section.headlines[0].value.text == "10"
    # Everyone said yes to being more confident: a fact about each of them, withheld.
    confident = table.cells[table.rows.index("Are more confident to seek advice or refer")]
    assert {f.text for f in confident} <= {"withheld", "0"}

    client.force_login(board_member)
    body = client.get(
        reverse("learning_admin:takeup") + f"?quarter={last_quarter.key}"
    ).content.decode()
    row = re.search(r"Have used what they learned in their work</th>(.*?)</tr>", body, re.S).group(
        1
    )
    assert re.findall(r"<td>([^<]*)</td>", row) == ["withheld", "1–7", "0", "10"]


def test_subject_access_lists_the_questionnaire_and_erasure_keeps_only_the_count(
    client, coordinator, wrap, gita
):
    send_follow_ups()
    follow_up = _follow_up(gita)
    client.post(_path(follow_up), ANSWERS)
    client.force_login(coordinator)

    data = json.loads(client.get(reverse("networks_admin:subject_access", args=[gita.pk])).content)
    (row,) = data["training_follow_ups"]
    assert row["session"] == "WRAP, Nuneaton Library" and row["used_it"] == "Yes"

    erase_contact(gita)
    follow_up.refresh_from_db()
    assert follow_up.contact is None and follow_up.delivery is None
    assert follow_up.answered_at is not None  # still counted, anonymous


def test_beat_sends_the_questionnaires_daily_and_sweeps_certificate_emails(settings):
    from celery.schedules import crontab

    follow_ups = settings.CELERY_BEAT_SCHEDULE["learning-follow-ups"]
    assert follow_ups["task"] == "learning.send_follow_ups"
    assert follow_ups["schedule"] == crontab(hour=10, minute=0)
    sweep = settings.CELERY_BEAT_SCHEDULE["learning-certificate-emails"]
    assert sweep["task"] == "learning.email_certificates"
