"""No link in any email the demo sends tells its holder an id, a number or an address.

The demo's flows send every kind of email that carries a link opening something without a login:
a subscription's confirmation, a partner's fresh link, an event invitation, a return request, a
return chase (its hand-over and stop-reminders links), a reply to a report, an alert and a
newsletter-style send (preferences and unsubscribe links, and the List-Unsubscribe header).
Every URL in every part is taken apart: no path segment or query value is a number, and no part
of a token (split where Django's signing splits, decoded as URL-safe base64 and, when it is zlib,
inflated) reads as text with a digit or an "@" in it. Links into the admin carry the admin's own
ids: they open nothing without a staff sign-in and two-factor authentication, which is checked
instead. Each token link still opens its page.
"""

import base64
import contextlib
import re
import zlib
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from django.core import mail

from alerts import actions as alert_actions
from core.idempotency import new_key
from networks.models import Contact, District, Organisation, Segment, Subscription
from sending.engine import send_to_contacts
from sending.models import SendKind
from tests.alerts.helpers import make_report
from tests.support import returns as returns_support
from tests.support.events import make_event, person
from tests.support.people import demo_responder
from tests.support.sending import CONTENT

URL = re.compile(r"https?://[^\s\"'<>]+")
TOKEN_PATHS = (
    "/subscribe/confirm/",
    "/subscribe/preferences/",
    "/subscribe/unsubscribe/",
    "/partners/open/",
    "/rsvp/",
    "/returns/r/",
    "/returns/not-me/",
    "/returns/stop-reminders/",
    "/report/link/",
    "/training/certificate/",
    "/training/follow-up/",
)


def _readable(part: str) -> str:
    """What a holder reads from one part of a token: its URL-safe base64, decoded (and
    inflated when it is zlib), as printable text; "" when it decodes to bytes that are not."""
    try:
        data = base64.urlsafe_b64decode(part.lstrip(".") + "=" * (-len(part.lstrip(".")) % 4))
    except ValueError:
        return ""
    candidates = [data]
    with contextlib.suppress(zlib.error):
        candidates.append(zlib.decompress(data))
    for raw in candidates:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text.isprintable():
            return text
    return ""


def _what_it_tells(url: str) -> list[str]:
    parts = urlsplit(url)
    pieces = [unquote(s) for s in parts.path.split("/") if s]
    pieces += [v for _, v in parse_qsl(parts.query)]
    told = []
    for piece in pieces:
        if piece.isdigit():
            told.append(piece)
            continue
        for part in re.split(r"[:.]", piece):
            text = _readable(part) if len(part) >= 8 else ""
            if any(c.isdigit() or c == "@" for c in text):
                told.append(f"{part} reads {text!r}")
    return told


def _urls(message) -> set[str]:
    texts = [message.subject, message.body]
    texts += [content for content, _ in getattr(message, "alternatives", [])]
    texts += [str(v) for k, v in message.extra_headers.items() if k.lower().startswith("list-")]
    return {url.rstrip(".,;)") for text in texts for url in URL.findall(text.replace("&amp;", "&"))}


@pytest.fixture
def flows(demo_site, client, django_capture_on_commit_callbacks, coordinator):
    """Run the demo's flows that email links; return every message sent."""
    rugby = District.objects.get(name="Rugby")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/subscribe/",
            {
                "email": "priya.patel@example.org",
                "first_name": "Priya",
                "last_name": "Patel",
                "organisation": "Warwick Faiths Forum",
                "districts": [rugby.pk],
                "topics": ["newsletter", "updates"],
            },
            REMOTE_ADDR="203.0.113.9",
        )
    college = Organisation.objects.create(name="Northvale College", is_partner=True)
    rosa = Contact.objects.create(email="rosa@example.org", first_name="Rosa", organisation=college)
    rosa.districts.add(rugby)
    for topic in ("updates", "newsletter", "events"):
        Subscription.objects.create(contact=rosa, topic=topic, status="subscribed")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/partners/new-link/", {"email": rosa.email, "next": "/alerts/"})

    from events.actions import invite_segments

    event = make_event()
    guest = person("Omar", "Lead")
    guest.districts.add(rugby)
    segment = Segment.objects.create(name="Rugby people", rules={"districts": [rugby.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        invite_segments(event, [segment], user=coordinator)

    college = returns_support.organisation("Rugby College", districts=[rugby])
    returns_support.lead(college, "Priya", "Lead")
    ret = returns_support.custom_return(organisations=[college], title="Q2 return")
    with django_capture_on_commit_callbacks(execute=True):
        returns_support.send(ret, key=new_key())
    from datetime import timedelta

    from returns.actions import send_chases

    with django_capture_on_commit_callbacks(execute=True):  # a chase: its two personal links
        send_chases(day=ret.due_on - timedelta(days=1))

    officer = demo_responder("police.officer")
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = make_report(
            district=rugby, contact_email="sam@example.org", notify_on_reply=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        alert_actions.send_reply(report, officer, "A patrol will pass tonight.")

    from tests.alerts.alert_support import make_alert

    alert = make_alert([rugby])
    with django_capture_on_commit_callbacks(execute=True):
        alert_actions.send_alert(alert, [segment], officer, idempotency_key=new_key())

    with django_capture_on_commit_callbacks(execute=True):
        send_to_contacts(CONTENT, [rosa, guest], "newsletter", kind=SendKind.NEWSLETTER)

    from events.actions import check_in_booking
    from learning.follow_up import send_follow_up
    from tests.support.learning import booked, training_session

    wrap = training_session(title="WRAP, Rugby", days_ahead=0)
    with django_capture_on_commit_callbacks(execute=True):  # a certificate; the questionnaire
        check_in_booking(booked(wrap, rosa))
        send_follow_up(wrap, rosa)
    return list(mail.outbox)


def test_no_link_in_any_email_the_demo_sends_has_a_readable_id(flows, client):
    urls = {url for message in flows for url in _urls(message)}
    public = {u for u in urls if not urlsplit(u).path.startswith("/admin/")}
    staff = urls - public

    told = {url: _what_it_tells(url) for url in public}
    assert not {url: t for url, t in told.items() if t}
    kinds = {prefix for prefix in TOKEN_PATHS for url in public if prefix in url}
    assert kinds == set(TOKEN_PATHS), kinds
    for url in public:
        path = urlsplit(url).path
        if path.startswith(TOKEN_PATHS):
            assert client.get(path).status_code in (200, 302), url
    for url in staff:
        assert client.get(urlsplit(url).path).status_code == 302, url  # to sign-in


def test_the_old_way_would_have_told(flows):
    """The check is not blind: a link signed the old way (Django's signing) reads as its ids."""
    from django.core import signing

    contact = Contact.objects.get(email="rosa@example.org")
    old = signing.dumps({"c": contact.pk, "f": "0" * 16}, salt="networks.link.partner")

    assert _what_it_tells(f"http://127.0.0.1:8000/partners/open/{old}/")
