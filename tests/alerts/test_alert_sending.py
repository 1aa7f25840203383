"""Sending an alert as newsletters are sent: the permission, the responder's districts, approval
when the partnership asks for it, the count, preview, test and confirm steps, once per confirm
form, and only to subscribers in the alert's districts."""

import uuid

import pytest
from django.core import mail
from django.test import Client

from alerts.models import AuditEntry
from core.models import PartnershipSettings
from sending.models import Delivery, Send
from tests.support.two_factor import verified_client

from .alert_support import grant_alert_sending, make_alert, subscriber, tagged_segment


def send_url(alert, tail=""):
    return f"/admin/alerts/send-alert/{alert.pk}/{tail}"


@pytest.fixture
def rugby_alert(districts):
    return make_alert([districts["Rugby"]])


@pytest.fixture
def both_districts(districts):
    return tagged_segment("Rugby and Warwick leads", [districts["Rugby"], districts["Warwick"]])


def confirm(client, alert, segment, key=None):
    return client.post(
        send_url(alert),
        {"segments": [segment.pk], "confirm": "1", "idempotency_key": key or uuid.uuid4().hex},
    )


def recipients():
    return sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox)


def test_the_count_and_confirm_steps_come_before_anything_is_sent(
    officer_client, rugby_alert, people, both_districts, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        form = officer_client.get(send_url(rugby_alert)).content.decode()
        count = officer_client.post(send_url(rugby_alert), {"segments": [both_districts.pk]})
    html = count.content.decode()

    assert "Rugby and Warwick leads" in form and "Show who it will go to" in form
    assert "Preview the email" in form and "Send a test to me" in form
    # Rosa and Reggie: Wanda is in Warwick only, Ursula unsubscribed.
    assert "This will go to <strong>2 people</strong> in Rugby" in html
    assert "Confirm and send" in html and 'name="idempotency_key"' in html
    assert not Send.objects.filter(kind="alert").exists() and mail.outbox == []


def test_a_rugby_alert_does_not_reach_warwick_only_subscribers(
    officer_client, rugby_alert, people, both_districts, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(officer_client, rugby_alert, both_districts)

    assert response.status_code == 302
    assert recipients() == ["reggie@example.org", "rosa@example.org"]
    send = Send.objects.get(kind="alert")
    assert list(send.districts.values_list("name", flat=True)) == ["Rugby"]
    assert AuditEntry.objects.get(action="alerts.alert.sent").detail["audience_size"] == 2
    message = next(m for m in mail.outbox if "rosa@" in m.to[0])
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Hello Rosa" in part and "/partners/open/" in part
        assert "{{" not in part


def test_an_alert_reaches_partners_only_and_the_count_says_so(
    officer_client,
    rugby_alert,
    people,
    both_districts,
    districts,
    django_capture_on_commit_callbacks,
):
    """An alert is a partner-only page: its text is emailed to partners' contacts only, never to
    a member of the public who subscribed to updates for Rugby."""
    subscriber("pat@example.org", "Pat", districts["Rugby"], partner=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = officer_client.post(send_url(rugby_alert), {"segments": [both_districts.pk]})
        confirm(officer_client, rugby_alert, both_districts)

    assert "This will go to <strong>2 people</strong> in Rugby" in count.content.decode()
    assert recipients() == ["reggie@example.org", "rosa@example.org"]
    assert not Delivery.objects.filter(email="pat@example.org").exists()


def test_an_alert_sent_again_reaches_nobody_twice_and_the_confirm_page_says_so(
    officer_client, rugby_alert, people, both_districts, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(officer_client, rugby_alert, both_districts)
        again = officer_client.post(send_url(rugby_alert), {"segments": [both_districts.pk]})
        confirm(officer_client, rugby_alert, both_districts)  # a new form: a new key

    page = again.content.decode()
    assert "This will go to <strong>0 people</strong> in Rugby" in page
    assert "2 people have already been sent this alert by an earlier send" in page
    assert recipients() == ["reggie@example.org", "rosa@example.org"]
    assert Send.objects.filter(kind="alert").count() == 2
    assert Delivery.objects.filter(send__kind="alert").count() == 2


def test_a_sender_who_may_open_the_sends_lands_on_the_sends_report_after_confirming(
    officer_client,
    police_officer,
    rugby_alert,
    people,
    both_districts,
    django_capture_on_commit_callbacks,
):
    """With the Sends screens (`sending.can_send_newsletters`), confirming an alert lands on its
    send's report; without them (the demo's officer), on the alert, as before."""
    from django.contrib.auth.models import Permission

    with django_capture_on_commit_callbacks(execute=True):
        without = confirm(officer_client, rugby_alert, both_districts)
    assert without["Location"] == f"/admin/pages/{rugby_alert.pk}/edit/"

    police_officer.user_permissions.add(Permission.objects.get(codename="can_send_newsletters"))
    county = make_alert([], title="Leaflets across the county", slug="leaflets")
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(officer_client, county, both_districts)

    send = Send.objects.get(kind="alert", source_page=county)
    assert response["Location"] == f"/admin/newsletters/sends/{send.pk}/"
    report = officer_client.get(response["Location"])
    assert report.status_code == 200
    assert "Prevent alert: Leaflets across the county" in report.content.decode()


def test_a_county_wide_alert_reaches_every_district(
    officer_client, people, both_districts, django_capture_on_commit_callbacks
):
    county = make_alert([], title="Leaflets across the county", slug="leaflets")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirm(officer_client, county, both_districts)

    assert recipients() == ["reggie@example.org", "rosa@example.org", "wanda@example.org"]


def test_confirming_twice_with_the_same_key_sends_once(
    officer_client, rugby_alert, people, both_districts, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    key = uuid.uuid4().hex

    with django_capture_on_commit_callbacks(execute=True):
        first = confirm(officer_client, rugby_alert, both_districts, key)
    with django_capture_on_commit_callbacks(execute=True):
        second = confirm(officer_client, rugby_alert, both_districts, key)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    send = Send.objects.get(kind="alert")
    assert send.deliveries.count() == 2 and len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="alerts.alert.sent").count() == 1


def test_a_confirm_without_its_key_asks_again_and_sends_nothing(
    officer_client, rugby_alert, people, both_districts
):
    response = officer_client.post(
        send_url(rugby_alert), {"segments": [both_districts.pk], "confirm": "1"}
    )

    assert "Confirm and send" in response.content.decode()
    assert not Send.objects.filter(kind="alert").exists()


def test_the_preview_shows_both_parts_with_sample_details(officer_client, rugby_alert):
    html = officer_client.get(send_url(rugby_alert, "preview/")).content.decode()

    assert "Prevent alert: Hostile stickers near Rugby station" in html
    assert "Hello Sam" in html and "Photograph and remove them" in html
    assert "{{ first_name }}" not in html and "sandbox=" in html


def test_a_test_goes_to_the_sender_only_and_creates_no_send(
    officer_client, rugby_alert, police_officer, people
):
    mail.outbox.clear()
    response = officer_client.post(send_url(rugby_alert, "test/"))

    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == [police_officer.email]
    assert mail.outbox[0].subject == "[Test] Prevent alert: Hostile stickers near Rugby station"
    assert "Hello Sam" in mail.outbox[0].body
    assert "Hello Sam" in mail.outbox[0].alternatives[0][0]
    assert not Send.objects.filter(kind="alert").exists()


def test_a_responder_without_the_permission_can_neither_open_nor_send(
    client, rugby_responder, rugby_alert, people, districts
):
    rugby_only = tagged_segment("Rugby leads", [districts["Rugby"]])
    verified_client(client, rugby_responder)

    assert client.get(send_url(rugby_alert)).status_code == 404
    assert confirm(client, rugby_alert, rugby_only).status_code == 404
    assert client.post(send_url(rugby_alert, "test/")).status_code == 404
    assert not Send.objects.filter(kind="alert").exists()
    edit = client.get(f"/admin/pages/{rugby_alert.pk}/edit/").content.decode()
    assert send_url(rugby_alert) not in edit


def test_a_district_responder_sends_only_within_their_districts(
    client,
    rugby_responder,
    rugby_alert,
    people,
    districts,
    both_districts,
    django_capture_on_commit_callbacks,
):
    grant_alert_sending(rugby_responder)
    rugby_only = tagged_segment("Rugby leads", [districts["Rugby"]])
    north = tagged_segment("North Warwickshire leads", [districts["North Warwickshire"]])
    warwick_alert = make_alert([districts["Warwick"]], title="Graffiti in Warwick", slug="graf")
    county = make_alert([], title="County-wide", slug="county")
    verified_client(client, rugby_responder)
    mail.outbox.clear()

    form = client.get(send_url(rugby_alert)).content.decode()
    assert "Rugby leads" in form
    assert "North Warwickshire leads" not in form and "Rugby and Warwick leads" not in form
    # Alerts about other districts, or the whole county, are not theirs to send.
    assert client.get(send_url(warwick_alert)).status_code == 404
    assert client.get(send_url(county)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, warwick_alert, rugby_only).status_code == 404
        # A segment outside their districts, posted by hand, is refused.
        assert confirm(client, rugby_alert, north).status_code == 403
        assert confirm(client, rugby_alert, both_districts).status_code == 403
    assert not Send.objects.filter(kind="alert").exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, rugby_alert, rugby_only).status_code == 302
    assert recipients() == ["reggie@example.org", "rosa@example.org"]


def test_a_district_responder_is_offered_only_their_districts_in_the_alert_editor(
    client, rugby_responder, rugby_alert
):
    verified_client(client, rugby_responder)
    html = client.get(f"/admin/pages/{rugby_alert.pk}/edit/").content.decode()

    assert "Rugby" in html and "North Warwickshire" not in html


def test_when_the_partnership_asks_for_approval_an_unapproved_alert_is_refused(
    officer_client,
    rugby_alert,
    people,
    both_districts,
    coordinator,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        before = confirm(officer_client, rugby_alert, both_districts)
    Send.objects.all().delete()
    PartnershipSettings.objects.update(alerts_need_approval=True)
    workflow = rugby_alert.get_workflow()  # the one the Alerts pages inherit

    page = officer_client.get(send_url(rugby_alert)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unapproved = confirm(officer_client, rugby_alert, both_districts)

    assert before.status_code == 302  # no approval asked for: sent at once
    assert workflow is not None
    assert "has not been approved" in page and "Show who it will go to" not in page
    assert unapproved.status_code == 409 and "has not been approved" in unapproved.content.decode()
    assert not Send.objects.filter(kind="alert").exists()

    state = workflow.start(rugby_alert, coordinator)
    while state.status == state.STATUS_IN_PROGRESS:
        state.current_task_state.approve(user=coordinator)
        state.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(officer_client, rugby_alert, both_districts).status_code == 302
    assert Delivery.objects.filter(send__kind="alert").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_send_once(demo_site, django_user_model, districts):
    from tests.support.concurrency import post_at_once
    from tests.support.people import demo_responder

    officer = demo_responder("police.officer")
    alert = make_alert([districts["Rugby"]])
    rugby = districts["Rugby"]
    from .alert_support import subscriber

    subscriber("rosa@example.org", "Rosa", rugby)
    subscriber("reggie@example.org", "Reggie", rugby)
    segment = tagged_segment("Rugby leads", [rugby])

    signed_in = verified_client(Client(), officer)
    mail.outbox.clear()
    data = {"segments": [segment.pk], "confirm": "1", "idempotency_key": uuid.uuid4().hex}

    responses = post_at_once(signed_in.cookies, send_url(alert), data)

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    send = Send.objects.get(kind="alert")
    assert send.deliveries.count() == 2
    assert recipients() == ["reggie@example.org", "rosa@example.org"]
