"""Each message knows what it is (#24): a subscription message (newsletter, update, alert,
invitation) carries a List-Unsubscribe header, RFC 8058 one-click included, that stops its own
topic and nothing else, and says which; a service message (a return request or chase, a
confirmation, a receipt, a notification) carries no bulk unsubscribe at all, so nothing a person
does from it stops another kind of email."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from networks.models import Contact, Subscription
from sending.engine import (
    MessageContent,
    create_send,
    send_to_contact,
    send_to_contacts,
    start_send,
)
from sending.models import SendKind
from tests.support.sending import make_audience

pytestmark = pytest.mark.django_db

TOPICS = ("newsletter", "updates", "events")
# (kind, topic, how it is sent): the subscription kinds first, then the service ones.
SUBSCRIPTION = [
    (SendKind.NEWSLETTER, "newsletter"),
    (SendKind.UPDATE, "newsletter"),
    (SendKind.ALERT, "updates"),
    (SendKind.INVITATION, "events"),
]
SERVICE = [
    (SendKind.RETURN, ""),  # a return request, as returns sends it
    (SendKind.NOTIFICATION, ""),  # a chase, a receipt
    (SendKind.NOTIFICATION, "events"),  # an event confirmation names its topic
]


def content(kind):
    return MessageContent(
        subject=f"A {kind} for {{{{ first_name }}}}",
        html=f"<p>A {kind}.</p><p>{{{{ unsubscribe_url }}}}</p>",
        text=f"A {kind}.\n{{{{ unsubscribe_url }}}}\n",
    )


@pytest.fixture
def lena(db):
    """Lena, subscribed to every topic, in a segment of her own."""
    segment = make_audience(1, prefix="lena", segment_name="Lena")
    contact = Contact.objects.get(email="lena0@example.org")
    for topic in TOPICS[1:]:
        Subscription.objects.create(contact=contact, topic=topic, status="subscribed")
    return contact, segment


def send(kind, topic, contact, segment, capture):
    mail.outbox.clear()
    with capture(execute=True):
        if kind in (SendKind.NEWSLETTER, SendKind.UPDATE, SendKind.ALERT):
            start_send(
                create_send(content=content(kind), topic=topic, segments=[segment], kind=kind)
            )
        elif kind in (SendKind.INVITATION, SendKind.RETURN):
            send_to_contacts(content(kind), [contact], topic, kind=kind)
        else:
            send_to_contact(content(kind), contact, topic, kind=kind)
    (message,) = mail.outbox
    return message


def subscribed(contact) -> set[str]:
    return set(
        Subscription.objects.filter(contact=contact, status="subscribed").values_list(
            "topic", flat=True
        )
    )


@pytest.mark.parametrize(("kind", "topic"), SUBSCRIPTION)
def test_one_click_from_a_subscription_message_stops_its_topic_only_and_says_so(
    client, lena, kind, topic, django_capture_on_commit_callbacks
):
    contact, segment = lena
    message = send(kind, topic, contact, segment, django_capture_on_commit_callbacks)

    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(header.strip("<>")).path
    assert path in message.body  # the same link as the one in the email
    done = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert subscribed(contact) == set(TOPICS) - {topic}
    label = dict(Subscription._meta.get_field("topic").choices)[topic]
    assert label in done.content.decode()


@pytest.mark.parametrize(("kind", "topic"), SERVICE)
def test_a_service_message_carries_no_bulk_unsubscribe(
    lena, kind, topic, django_capture_on_commit_callbacks
):
    contact, segment = lena
    message = send(kind, topic, contact, segment, django_capture_on_commit_callbacks)

    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    html = message.alternatives[0][0]
    assert "/subscribe/unsubscribe/" not in message.body + html
    assert subscribed(contact) == set(TOPICS)


def test_the_send_report_says_which_type_of_message_it_is(
    client, coordinator, lena, django_capture_on_commit_callbacks
):
    from sending.models import Send

    contact, segment = lena
    send(SendKind.ALERT, "updates", contact, segment, django_capture_on_commit_callbacks)
    send(SendKind.RETURN, "", contact, segment, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    alert, request = Send.objects.order_by("pk")
    assert (
        "Subscription (Ad-hoc updates and alerts for my districts): its unsubscribe link stops "
        "this topic only" in client.get(f"/admin/newsletters/sends/{alert.pk}/").content.decode()
    )
    assert (
        "Service message: no unsubscribe link"
        in client.get(f"/admin/newsletters/sends/{request.pk}/").content.decode()
    )
