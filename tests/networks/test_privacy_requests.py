"""Subject-access and erasure requests: the coordinator records the date one arrived on the
contact's screen; the export or the erasure meets it; bad input saves nothing and says why."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from networks.models import PrivacyRequest
from networks.models.privacy import one_calendar_month_after
from tests.support.board import make_board_member

pytestmark = pytest.mark.django_db
RECORDED = "networks.contact.privacy_request_recorded"


def requests_url(contact):
    return f"/admin/directory/contacts/{contact.pk}/privacy-requests/"


def test_the_coordinator_records_a_request_with_the_date_it_arrived(
    client, coordinator, rugby_contact
):
    client.force_login(coordinator)
    received = timezone.localdate() - dt.timedelta(days=3)

    page = client.post(
        requests_url(rugby_contact), {"kind": "access", "received_on": received.isoformat()}
    )
    again = client.post(
        requests_url(rugby_contact),
        {"kind": "access", "received_on": received.isoformat()},
        follow=True,
    )

    assert page.status_code == 302
    request = PrivacyRequest.objects.get()  # posting twice records it once
    assert (request.contact, request.kind, request.received_on) == (
        rugby_contact,
        "access",
        received,
    )
    assert request.due_on == one_calendar_month_after(received) and request.met_at is None
    assert request.recorded_by == coordinator
    html = again.content.decode()
    assert "is already open for this contact" in html
    assert f"{request.due_on:%-d %B %Y}" in html  # the list shows by when it must be met
    entry = ModelLogEntry.objects.get(action=RECORDED)
    assert entry.user == coordinator and entry.label == f"Contact #{rugby_contact.pk}"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "access", "received_on": "tomorrow"}, "cannot be in the future"),
        ({"kind": "access", "received_on": "31/02/2026"}, "as a real date"),
        ({"kind": "access", "received_on": ""}, "Enter the date the request arrived."),
        ({"kind": "rectify", "received_on": "2026-05-04"}, "subject-access or an erasure"),
    ],
)
def test_a_future_date_or_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client, coordinator, rugby_contact, data, message
):
    if data["received_on"] == "tomorrow":
        data = {**data, "received_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    client.force_login(coordinator)

    page = client.post(requests_url(rugby_contact), data)

    assert page.status_code == 200
    html = page.content.decode()
    assert "The request was not recorded" in html and message in html
    assert not PrivacyRequest.objects.exists()
    assert not ModelLogEntry.objects.filter(action=RECORDED).exists()


def test_the_deadline_is_one_calendar_month_later_or_the_last_day_of_a_shorter_month():
    assert one_calendar_month_after(dt.date(2026, 9, 3)) == dt.date(2026, 10, 3)
    assert one_calendar_month_after(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert one_calendar_month_after(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)


def test_the_export_meets_the_open_subject_access_request_and_only_that(
    client, coordinator, rugby_contact
):
    from networks.actions import record_privacy_request

    received = timezone.localdate() - dt.timedelta(days=10)
    access = record_privacy_request(rugby_contact, "access", received, coordinator)
    erasure = record_privacy_request(rugby_contact, "erasure", received, coordinator)
    client.force_login(coordinator)

    client.get(f"/admin/directory/contacts/{rugby_contact.pk}/subject-access.json")

    access.refresh_from_db()
    erasure.refresh_from_db()
    assert access.met_at is not None and erasure.met_at is None
    entry = ModelLogEntry.objects.get(action="networks.contact.subject_access_exported")
    assert entry.data == {"met": [access.pk]}


def test_erasure_meets_the_open_erasure_request_which_keeps_only_its_kind_and_dates(
    client, coordinator, rugby_contact
):
    from networks.actions import record_privacy_request

    received = timezone.localdate() - dt.timedelta(days=40)
    record_privacy_request(rugby_contact, "erasure", received, coordinator)
    client.force_login(coordinator)
    assert "Erasing meets the erasure request received on" in (
        client.get(f"/admin/directory/contacts/{rugby_contact.pk}/erase/").content.decode()
    )

    client.post(f"/admin/directory/contacts/{rugby_contact.pk}/erase/")

    request = PrivacyRequest.objects.get()
    assert request.met_at is not None and request.contact is None
    assert (request.kind, request.received_on) == ("erasure", received)
    assert "Rosa" not in str(request) and "Reyes" not in str(request)


def test_nobody_but_the_coordinator_sees_or_records_requests(
    client, rugby_contact, district_lead, editor, django_user_model
):
    board_member = make_board_member(django_user_model)
    for person in (editor, district_lead, board_member):
        client.force_login(person)
        assert client.get(requests_url(rugby_contact)).status_code == 404
        posted = client.post(
            requests_url(rugby_contact), {"kind": "erasure", "received_on": "2026-05-04"}
        )
        assert posted.status_code == 404
    assert not PrivacyRequest.objects.exists()
