"""Who an issue reaches, before it goes: the confirm page lists the people a confirm would reach
(with why each is in it), counts who is left out and why, searches, caps the table and offers
the same list as a formula-safe CSV to those who may send. Tasks run in-process (eager)."""

import csv
import io
import uuid

import pytest
from django.core import mail

from networks.models import Contact, Segment, SegmentMember, Subscription, Suppression
from sending.engine import create_send, start_send
from sending.models import Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.audience import left_out, listed
from tests.support.sending import CONTENT, make_audience

pytestmark = pytest.mark.django_db


def send_url(page):
    return f"/admin/newsletters/{page.pk}/send/"


@pytest.fixture
def approved_issue(demo_issue, coordinator):
    submit_and_approve(demo_issue, coordinator, coordinator)
    mail.outbox.clear()
    return demo_issue


@pytest.fixture
def segment(db):
    """Eight leads in "District leads": lead0 and lead1 will get it; one of each reason to be
    left out: lead2 unsubscribed, lead3 suppressed, lead4 awaiting confirmation, lead5 with no
    subscription, lead6 archived; lead7 is also in "Away", the segment left out by choice."""
    segment = make_audience(8, segment_name="District leads")
    Subscription.objects.filter(contact__email="lead2@example.org").update(status="unsubscribed")
    Suppression.objects.create(email="lead3@example.org", reason="hard_bounce")
    Subscription.objects.filter(contact__email="lead4@example.org").update(status="pending")
    Subscription.objects.filter(contact__email="lead5@example.org").delete()
    Contact.objects.filter(email="lead6@example.org").update(is_active=False)
    away = Segment.objects.create(name="Away", rules={})
    SegmentMember.objects.create(
        segment=away, contact=Contact.objects.get(email="lead7@example.org")
    )
    return segment, away


def choices(segment, **extra):
    segment, away = segment
    if "confirm" in extra:
        extra.setdefault("idempotency_key", uuid.uuid4().hex)
    return {"segments": [segment.pk], "exclude_segments": [away.pk], "when": "now", **extra}


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_confirm_page_lists_exactly_who_the_send_then_reaches(
    client, coordinator, approved_issue, segment, django_capture_on_commit_callbacks
):
    """lead1 was sent this issue by an earlier send: neither listed nor sent it again."""
    earlier = Segment.objects.create(name="Earlier", rules={})
    SegmentMember.objects.create(
        segment=earlier, contact=Contact.objects.get(email="lead1@example.org")
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_send(
            create_send(
                content=CONTENT, topic="newsletter", segments=[earlier], source_page=approved_issue
            )
        )
    newcomer = make_audience(1, prefix="newcomer")
    SegmentMember.objects.create(segment=segment[0], contact=newcomer.manual_members.get().contact)
    client.force_login(coordinator)

    page = client.post(send_url(approved_issue), choices(segment)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(approved_issue), choices(segment, confirm="1"))

    send = Send.objects.exclude(segments=earlier).get()
    assert listed(page) == ["lead0@example.org", "newcomer0@example.org"]
    assert sorted(send.deliveries.values_list("email", flat=True)) == sorted(listed(page))
    assert "This will go to <strong>2 people</strong>" in page
    assert "1 person has already been sent this issue by an earlier send" in page
    row = page.split("<td>lead0@example.org</td>", 1)[1].split("</tr>", 1)[0]
    assert "Northvale College" in row and "Northvale" in row and "District leads" in row


def test_the_confirm_page_counts_who_is_left_out_by_reason(
    client, coordinator, approved_issue, segment, django_capture_on_commit_callbacks
):
    earlier = Segment.objects.create(name="Earlier", rules={})
    SegmentMember.objects.create(
        segment=earlier, contact=Contact.objects.get(email="lead1@example.org")
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_send(
            create_send(
                content=CONTENT, topic="newsletter", segments=[earlier], source_page=approved_issue
            )
        )
    client.force_login(coordinator)

    page = client.post(send_url(approved_issue), choices(segment)).content.decode()

    assert listed(page) == ["lead0@example.org"]
    assert left_out(page) == [
        "1 person: archived or erased",
        "1 person: suppressed (an address that bounced, complained or was blocked)",
        "1 person: unsubscribed from the topic",
        "2 people: not subscribed to the topic (never, or not yet confirmed)",
        "1 person: already sent it by an earlier send",
    ]


def test_the_search_filters_the_list_and_a_long_list_is_cut_short(
    client, coordinator, approved_issue, monkeypatch
):
    crowd = make_audience(5, segment_name="Crowd")
    Contact.objects.filter(email="lead3@example.org").update(first_name="Zebedee")
    client.force_login(coordinator)
    form = {"segments": [crowd.pk], "when": "now"}

    found = client.post(send_url(approved_issue), {**form, "audience_q": "zebedee"}).content
    monkeypatch.setattr("sending.audience.SHOWN", 2)
    capped = client.post(send_url(approved_issue), form).content.decode()

    assert listed(found.decode()) == ["lead3@example.org"]
    assert len(listed(capped)) == 2
    assert "and 3 more — download the CSV for all." in capped
    assert "This will go to <strong>5 people</strong>" in capped


def test_the_csv_has_the_same_people_and_neutralises_a_formula_like_name(
    client, coordinator, approved_issue, segment, monkeypatch
):
    Contact.objects.filter(email="lead0@example.org").update(first_name='=HYPERLINK("http://x")')
    client.force_login(coordinator)
    monkeypatch.setattr("sending.audience.SHOWN", 1)  # the CSV has everyone, not the page's rows
    page = client.post(send_url(approved_issue), choices(segment)).content.decode()

    response = client.post(send_url(approved_issue), choices(segment, audience_csv="1"))
    rows = read_csv(response)

    assert rows[0] == ["Name", "Email", "Organisation", "Districts", "Segments"]
    assert [row[1] for row in rows[1:]] == ["lead0@example.org", "lead1@example.org"]
    assert rows[1][0] == '\'=HYPERLINK("http://x") Lead'
    assert rows[1][2:] == ["Northvale College", "Northvale", "District leads"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'name="audience_csv"' in page and "@" not in response.request["QUERY_STRING"]
    assert not Send.objects.exists()


def test_the_csv_is_refused_to_an_editor_who_may_not_send(client, editor, approved_issue, segment):
    client.force_login(editor)

    response = client.post(send_url(approved_issue), choices(segment, audience_csv="1"))

    assert response.status_code == 403
    assert "text/csv" not in response["Content-Type"]
    assert "lead0@example.org" not in response.content.decode()
