"""Clicks per link: the tracking webhook records which shared link each person clicked (never a
personal URL), the send report shows them, and erasure and subject access cover them."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.core import mail, serializers

from networks.actions import erase_contact, export_subject_access
from sending.engine import MessageContent, create_send, send_report, start_send
from sending.engine.links import content_links
from sending.models import PERSONAL_LINK_LABEL, Delivery, LinkClick, Send, TrackingEvent
from tests.support.board import make_board_member
from tests.support.sending import make_audience
from tests.support.webhooks import MESSAGE_ID, opened, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_secret")]

WRAP = "https://hub.example.org/learning/wrap/"
SEARCH = "https://hub.example.org/search/?q=wrap&page=2"
ISSUE = MessageContent(
    subject="Prevent Partnership news",
    html=(
        "<html><body><p>Dear {{ first_name }},</p>"
        f'<p><a href="{WRAP}">Book a WRAP session</a> · '
        '<a href="https://hub.example.org/search/?q=wrap&amp;page=2">More sessions</a> · '
        f'<a href="{WRAP}">WRAP again</a></p>'
        '<p><a href="{{ preferences_url }}">Your preferences</a> · '
        '<a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>'
    ),
    text="Dear {{ first_name }},\n\nWRAP: " + WRAP + "\nUnsubscribe: {{ unsubscribe_url }}\n",
)


@pytest.fixture
def issue(django_capture_on_commit_callbacks, settings):
    """The issue sent to three leads (locmem outbox); lead1's copy went out through Postmark as
    MESSAGE_ID, lead2's as MESSAGE_ID with a 2 at the end."""
    send = create_send(content=ISSUE, topic="newsletter", segments=[make_audience(3)])
    with django_capture_on_commit_callbacks(execute=True):
        start_send(send)
    Delivery.objects.filter(email="lead1@example.org").update(provider_message_id=MESSAGE_ID)
    Delivery.objects.filter(email="lead2@example.org").update(provider_message_id=MESSAGE_ID + "2")
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    return send


def click(url, at="2026-11-20T10:06:00Z", message_id=MESSAGE_ID, recipient="lead1@example.org"):
    return {
        **opened(at=at),
        "RecordType": "Click",
        "OriginalLink": url,
        "ClickLocation": "HTML",
        "MessageID": message_id,
        "Recipient": recipient,
    }


def the_unsubscribe_link_lead1_received() -> str:
    message = next(m for m in mail.outbox if "lead1@example.org" in m.to[0])
    html = message.alternatives[0][0]
    return re.search(r'href="([^"]+)">Unsubscribe<', html).group(1)


def database_dump() -> str:
    return "".join(
        serializers.serialize("json", model.objects.all()) for model in apps.get_models()
    )


def test_the_shared_links_are_the_literal_http_links_of_an_audience_send():
    issue = Send(kind="newsletter", html=ISSUE.html)
    assert content_links(issue) == (WRAP, SEARCH)
    # A one-off message is written for one person: its literal links may carry their token.
    one_off = Send(kind="notification", html=f'<a href="{WRAP}">x</a>')
    assert content_links(one_off) == ()
    tokened = Send(
        kind="update",
        html='<a href="https://hub.example.org/r/eyJ:1sX:abcdefghijklmnopqrstuvwxyz/">',
    )
    assert content_links(tokened) == ()
    browser = Send(
        kind="newsletter",
        html='<a href="{{ view_in_browser_url }}">Read it online</a> <a href="mailto:a@b.org">',
        view_in_browser_url="https://hub.example.org/news/summer/",
    )
    assert content_links(browser) == ("https://hub.example.org/news/summer/",)


def test_a_click_on_a_content_link_counts_once_per_person_even_when_replayed(client, issue):
    tracked = WRAP + "?utm_source=postmark#book"  # the ESP's own parameters are dropped
    assert post(client, click(tracked, at="2026-11-20T10:06:00Z")).status_code == 200
    assert post(client, click(tracked, at="2026-11-20T10:06:00Z")).status_code == 200  # replay
    post(client, click(WRAP, at="2026-11-20T09:30:00Z"))  # the same person again, earlier
    post(client, click(SEARCH))
    post(client, click(WRAP, message_id=MESSAGE_ID + "2", recipient="lead2@example.org"))

    rows = LinkClick.objects.order_by("delivery__email", "link")
    assert [(r.delivery.email, r.link) for r in rows] == [
        ("lead1@example.org", WRAP),
        ("lead1@example.org", SEARCH),
        ("lead2@example.org", WRAP),
    ]
    assert rows[0].first_at == dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    assert TrackingEvent.objects.count() == 4  # the replayed event was applied once
    report = send_report(issue)
    assert [(r["label"], r["people"]) for r in report["links"]] == [(WRAP, 2), (SEARCH, 1)]
    assert report["clicked"] == 2


def test_a_click_on_a_personal_link_is_counted_under_the_label_and_its_url_stored_nowhere(
    client, issue
):
    unsubscribe = the_unsubscribe_link_lead1_received()
    token = unsubscribe.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) > 20 and token in unsubscribe

    post(client, click(unsubscribe))
    post(client, click(f"{WRAP}?t={token}", at="2026-11-20T10:07:00Z"))  # matched without it
    post(client, click("https://hub.example.org/search/?q=other", at="2026-11-20T10:08:00Z"))

    assert sorted(LinkClick.objects.values_list("link", flat=True)) == ["", WRAP]
    personal = LinkClick.objects.get(link="")
    assert personal.label == PERSONAL_LINK_LABEL and personal.delivery.email == "lead1@example.org"
    dump = database_dump()
    assert token not in dump and "q=other" not in dump
    assert send_report(issue)["links"][-1] == {
        "link": "",
        "label": PERSONAL_LINK_LABEL,
        "people": 1,
    }


def test_a_click_for_an_unknown_message_changes_nothing(client, issue):
    response = post(client, click(WRAP, message_id="00000000-0000-0000-0000-000000000000"))

    assert response.status_code == 200
    assert not LinkClick.objects.exists() and not TrackingEvent.objects.exists()
    assert not Delivery.objects.filter(clicked_at__isnull=False).exists()


def test_the_send_report_shows_the_coordinator_exact_clicks_per_link(
    client, coordinator, django_user_model, issue
):
    deliveries = list(issue.deliveries.order_by("email"))
    at = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    LinkClick.objects.bulk_create(
        [LinkClick(send=issue, delivery=d, link=WRAP, first_at=at) for d in deliveries]
        + [LinkClick(send=issue, delivery=deliveries[0], link="", first_at=at)]
    )
    client.force_login(coordinator)

    body = client.get(f"/admin/newsletters/sends/{issue.pk}/").content.decode()

    start = body.index("<caption>Clicks per link")
    table = body[start : body.index("</table>", start)]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table)
    labels = [(re.sub(r"<[^>]+>", "", label), int(n)) for label, n in rows]
    assert labels == [(WRAP, 3), ("https://hub.example.org/search/?q=wrap&amp;page=2", 0)] + [
        (PERSONAL_LINK_LABEL, 1)
    ]
    assert f'<a href="{WRAP}"' in table

    client.force_login(make_board_member(django_user_model))
    assert client.get(f"/admin/newsletters/sends/{issue.pk}/").status_code == 404


def test_subject_access_lists_the_links_clicked_and_erasure_removes_them(client, issue):
    post(client, click(WRAP))
    post(client, click(the_unsubscribe_link_lead1_received(), at="2026-11-20T10:09:00Z"))
    post(client, click(WRAP, message_id=MESSAGE_ID + "2", recipient="lead2@example.org"))
    lead1 = Delivery.objects.get(email="lead1@example.org").contact

    emails = export_subject_access(lead1)["emails"]
    assert [link["link"] for link in emails[0]["links_clicked"]] == [WRAP, PERSONAL_LINK_LABEL]

    erase_contact(lead1)

    assert list(LinkClick.objects.values_list("delivery__email", flat=True)) == [
        "lead2@example.org"
    ]
    assert Delivery.objects.get(contact=lead1).clicked_at is not None  # the count stays
