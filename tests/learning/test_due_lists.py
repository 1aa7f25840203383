"""Each organisation's Prevent leads get, once a month, the list of their own organisation's
people whose training expires in the next 90 days or expired in the last 90: names, level and
expiry, nobody else's people, nobody who has renewed."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from learning.actions import send_due_lists
from learning.models import DueList
from sending.models import Send
from tests.support.learning import (
    booked,
    completion,
    district,
    organisation,
    person,
    role,
    training_session,
)

pytestmark = pytest.mark.django_db
FIRST_OF_JULY = dt.date(2026, 7, 1)


@pytest.fixture
def staff(settings):
    """On 1 July 2026 (three years' validity):

    | who                        | now works at | level | taken      | expires    | listed?        |
    |----------------------------|--------------|-------|------------|------------|----------------|
    | Ann                        | council      | 2     | 2023-08-01 | 2026-08-01 | council, due   |
    | Bea                        | council      | 1     | 2023-06-10 | 2026-06-10 | council, gone  |
    | Cal (renewed 2025)         | council      | 1     | 2023-07-20 | 2026-07-20 | no             |
    | Dan                        | council      | 2     | 2024-01-01 | 2027-01-01 | no (184 days)  |
    | Old                        | council      | 1     | 2023-03-01 | 2026-03-01 | no (122 days)  |
    | Pat (imported, no contact) | council      | 1     | 2023-09-01 | 2026-09-01 | council, due   |
    | Mo (took it at the school) | council      | 1     | 2023-08-15 | 2026-08-15 | council, due   |
    | Sam                        | school       | 1     | 2023-08-20 | 2026-08-20 | school, due    |
    | Fay                        | food bank    | 1     | 2023-08-20 | 2026-08-20 | nobody to tell |
    """
    settings.LEARNING_DUE_LIST_DAYS = 90
    settings.LEARNING_DUE_LIST_DAY = 1
    rugby, warwick = district("Rugby"), district("Warwick")
    council = organisation("Rugby Borough Council", districts=[rugby])
    school = organisation("Ashlawn School", "education", districts=[rugby])
    food_bank = organisation("Warwick Food Bank", "voluntary", districts=[warwick])
    lead = role("prevent-lead")
    lena = person("Lena", "Lead", organisation=council, roles=[lead])
    sid = person("Sid", "Schoollead", organisation=school, roles=[lead])
    people = {}
    d = dt.date
    for name, org, level, taken in [
        ("Ann", council, 2, d(2023, 8, 1)),
        ("Bea", council, 1, d(2023, 6, 10)),
        ("Cal", council, 1, d(2023, 7, 20)),
        ("Dan", council, 2, d(2024, 1, 1)),
        ("Old", council, 1, d(2023, 3, 1)),
        ("Sam", school, 1, d(2023, 8, 20)),
        ("Fay", food_bank, 1, d(2023, 8, 20)),
    ]:
        people[name] = person(name, "Staff", organisation=org)
        completion(level, taken, contact=people[name], organisation=org)
    completion(1, d(2025, 1, 1), contact=people["Cal"], organisation=council)
    pat = {"email": "pat@staff.example", "person_name": "Pat Imported"}
    completion(1, d(2023, 9, 1), organisation=council, **pat)
    people["Mo"] = person("Mo", "Moved", organisation=council)
    completion(1, d(2023, 8, 15), contact=people["Mo"], organisation=school)
    booked(training_session(title="WRAP", level=2), people["Ann"])
    return {"lena": lena, "sid": sid, "council": council, "school": school, **people}


def _lists(capture, on):
    mail.outbox.clear()
    with capture(execute=True):
        sent = send_due_lists(on=on)
    return sent, {m.to[0].rsplit("<", 1)[-1].rstrip(">"): m for m in mail.outbox}


def test_a_leads_list_holds_only_their_own_organisations_people_falling_due(
    staff, django_capture_on_commit_callbacks
):
    sent, messages = _lists(django_capture_on_commit_callbacks, FIRST_OF_JULY)

    assert sent == 2
    assert sorted(messages) == ["lena.lead@example.org", "sid.schoollead@example.org"]
    council = messages["lena.lead@example.org"]
    school = messages["sid.schoollead@example.org"]
    assert council.subject == "Prevent training falling due at Rugby Borough Council: 4 people"
    for part in (council.body, council.alternatives[0][0]):
        for name in ["Ann Staff", "Bea Staff", "Pat Imported", "Mo Moved"]:
            assert name in part
        for name in ["Cal Staff", "Dan Staff", "Old Staff", "Sam Staff", "Fay Staff"]:
            assert name not in part
        assert "1 August 2026" in part and "10 June 2026" in part
        assert "Level 2: WRAP face-to-face workshop" in part
        assert "Dear Lena," in part
    assert "Ann Staff, Level 2: WRAP face-to-face workshop: expires on 1 August 2026 (booked" in (
        council.body
    )
    assert "Bea Staff, Level 1: e-learning: expired on 10 June 2026" in council.body
    for part in (school.body, school.alternatives[0][0]):
        assert "Sam Staff" in part
        for name in ["Ann", "Bea", "Pat", "Mo Moved", "Fay"]:
            assert name not in part
    assert "List-Unsubscribe" not in council.extra_headers
    assert {(d.organisation.name, d.people) for d in DueList.objects.all()} == {
        ("Rugby Borough Council", 4),
        ("Ashlawn School", 1),
    }


def test_one_list_a_month_from_the_day_of_the_month_set(
    staff, settings, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    settings.LEARNING_DUE_LIST_DAY = 3
    assert _lists(capture, dt.date(2026, 7, 2))[0] == 0
    assert _lists(capture, dt.date(2026, 7, 3))[0] == 2
    assert _lists(capture, dt.date(2026, 7, 3))[0] == 0  # beat again: nothing
    assert _lists(capture, dt.date(2026, 7, 20))[0] == 0
    assert _lists(capture, dt.date(2026, 8, 3))[0] == 2  # next month's


def test_erasing_a_person_blanks_the_stored_copy_of_every_list_that_named_them(
    staff, coordinator, client, django_capture_on_commit_callbacks
):
    _lists(django_capture_on_commit_callbacks, FIRST_OF_JULY)
    client.force_login(coordinator)
    ann = staff["Ann"]
    ann_completion = ann.training_completions.get()
    data = client.get(reverse("networks_admin:subject_access", args=[ann.pk])).json()
    assert [d["organisation"] for d in data["training_lists_naming_you"]] == [
        "Rugby Borough Council"
    ]

    client.post(reverse("networks_admin:erase", args=[ann.pk]))

    council_list = DueList.objects.get(organisation=staff["council"])
    send = Send.objects.get(pk=council_list.send_id)
    assert "Ann" not in send.html + send.text and send.html == send.text == ""
    school_list = DueList.objects.get(organisation=staff["school"])
    assert "Sam Staff" in Send.objects.get(pk=school_list.send_id).text
    assert ann_completion not in council_list.completions.all()
    assert council_list.completions.count() == 3
