"""Messages read right: merge fields in HTML, text and on the web page, one sample reader for
previews and tests, sample links that say so, SITE_URL in every outward link, and one Send per
event invitation with each invitee's own RSVP link."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.test import override_settings

from core.sites import sync_default_site
from events.actions import accept_invitation, invite_segments
from events.ics import booking_calendar
from events.links import read_rsvp_token
from events.models import EventIndexPage, Invitation
from networks.models import Contact, District, Organisation, Segment
from newsletters.actions import send_newsletter_to_segments, send_test_newsletter
from newsletters.rendering import personalise_preview, render_newsletter
from sending.engine import register_merge_field, sample_values
from sending.engine.content import Template
from sending.engine.merge import merge_fields
from sending.models import Delivery, Send
from sending.rendering import without_merge_fields
from tests.newsletters.authoring_support import make_issue
from tests.newsletters.merge_support import build_archive
from tests.support.events import day, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def warwick(db):
    return District.objects.create(name="Warwick", sort_order=1)


HEADED_BODY = [
    {"type": "heading", "value": "Hello {{ first_name }}"},
    {"type": "rich_text", "value": "<p>Dear {{ first_name }}, the networks are growing.</p>"},
]


def _send_issue(issue, contacts, district, coordinator, capture):
    for contact in contacts:
        contact.districts.add(district)
    segment = Segment.objects.create(name="Warwick leads", rules={"districts": [district.pk]})
    with capture(execute=True):
        send_newsletter_to_segments(issue, segments=[segment], user=coordinator)
    return {m.to[0].rsplit("<", 1)[-1].rstrip(">"): m for m in mail.outbox}


def _html(message) -> str:
    return message.alternatives[0][0]


def test_a_heading_with_a_merge_field_reads_right_in_html_text_and_on_the_web_page(
    client, archive, warwick, coordinator, django_capture_on_commit_callbacks
):
    issue = make_issue(archive, "Spring", body=HEADED_BODY)
    priya = person("Priya", "Lead", topics=("newsletter",))

    sent = _send_issue(issue, [priya], warwick, coordinator, django_capture_on_commit_callbacks)

    message = sent["priya.lead@example.org"]
    assert re.search(r"<h2[^>]*>Hello Priya</h2>", _html(message))
    # Capitals for the heading's own words; the value as the reader wrote their name.
    assert "HELLO Priya" in message.body and "Dear Priya, the networks" in message.body
    assert "{{" not in message.body + _html(message)

    client.force_login(coordinator)
    preview = client.get(f"/admin/newsletters/{issue.pk}/email/")
    assert "HELLO Sam" in preview.context["text"]
    assert re.search(r"<h2[^>]*>Hello Sam</h2>", preview.context["html"])
    assert "{{" not in preview.context["text"]

    page = client.get(issue.url).content.decode()
    assert '<h2 class="nl-heading">Hello</h2>' in page
    assert "<p>Dear, the networks are growing.</p>" in page
    assert "first_name" not in page and "{{" not in page


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("<h2>Hello {{ first_name }}</h2>", "<h2>Hello</h2>"),
        ("<p>Dear {{first_name}}, welcome.</p>", "<p>Dear, welcome.</p>"),
        ("<p>{{ first_name }}, welcome.</p>", "<p>welcome.</p>"),
        ("<td>: kept</td> {{ not_a_field }}", "<td>: kept</td> {{ not_a_field }}"),
    ],
)
def test_the_web_page_takes_merge_fields_out_neatly(written, read):
    assert without_merge_fields(written) == read


def test_a_reader_without_an_organisation_gets_no_stray_punctuation(
    archive, warwick, coordinator, django_capture_on_commit_callbacks
):
    issue = make_issue(archive, "Spring")
    priya = person("Priya", "Lead", topics=("newsletter",))
    omar = person(
        "Omar",
        "Lead",
        topics=("newsletter",),
        organisation=Organisation.objects.create(name="Warwick School"),
    )
    nameless = person("Dsl", "Unnamed", topics=("newsletter",))
    Contact.objects.filter(pk=nameless.pk).update(
        first_name="", last_name="", email="dsl@example.org"
    )
    nameless.refresh_from_db()

    sent = _send_issue(
        issue, [priya, omar, nameless], warwick, coordinator, django_capture_on_commit_callbacks
    )

    priya_copy, omar_copy = sent["priya.lead@example.org"], sent["omar.lead@example.org"]
    assert "Sent to Priya Lead · Your districts: Warwick" in priya_copy.body
    assert "Sent to Priya Lead · Your districts: Warwick" in _html(priya_copy)
    assert "Sent to Omar Lead, Warwick School · Your districts: Warwick" in omar_copy.body
    for message in sent.values():
        assert ",  ·" not in message.body and ", ·" not in message.body
    assert "Hello,\n" in sent["dsl@example.org"].body.replace("\r\n", "\n")
    assert "Sent to dsl@example.org · Your districts: Warwick" in sent["dsl@example.org"].body


def test_apps_register_merge_fields_with_their_samples(archive):
    register_merge_field(
        "course_code",
        "WRAP-SAMPLE",
        "the course booked",
        resolve=lambda send, ids: dict.fromkeys(ids, "WRAP-7"),
    )
    try:
        assert Template("Code {{ course_code }}, {{ not_a_field }}").render(
            {"course_code": "WRAP-7"}
        ) == ("Code WRAP-7, {{ not_a_field }}")
        assert sample_values()["course_code"] == "WRAP-SAMPLE"
        issue = make_issue(
            archive, "Codes", body=[{"type": "heading", "value": "{{ course_code }}"}]
        )
        _, html, text = personalise_preview(*render_newsletter(issue), None, page=issue)
        assert re.search(r"<h2[^>]*>WRAP-SAMPLE</h2>", html) and "WRAP-SAMPLE" in text
        # Events registered theirs at start-up, with a sample link.
        assert "/sample-link/" in sample_values()["rsvp_url"]
    finally:
        from sending.engine import merge

        merge._registry.pop("course_code", None)  # module state: take the test's field out
    assert "course_code" not in merge_fields()


def test_preview_and_test_send_show_the_same_sample_reader_and_its_links_say_so(
    client, archive, warwick, coordinator
):
    District.objects.create(name="Rugby", sort_order=2)
    issue = make_issue(archive, "Spring", body=HEADED_BODY)
    client.force_login(coordinator)
    preview = client.get(f"/admin/newsletters/{issue.pk}/email/").context["text"]

    send_test_newsletter(issue, ["casey@example.org"], coordinator)

    [message] = mail.outbox
    test_text = message.body.replace("\r\n", "\n")
    expected = "Sent to Sam Sample, Sample Organisation · Your districts: Warwick, Rugby"
    assert expected in preview and expected in test_text
    assert "Hello Sam," in test_text and "HELLO Sam" in test_text
    # The footer names the same sample reader the greeting does, not the tester's address.
    assert "because sam.sample@example.org is subscribed" in test_text
    assert "casey@example.org" not in test_text
    assert f"View it in your browser: {settings.SITE_URL}{issue.url}" in test_text
    for label in ("Manage your preferences", "Unsubscribe"):
        link = re.search(rf"{label}: (\S+)", test_text).group(1)
        page = client.get(link.removeprefix(settings.SITE_URL))
        assert page.status_code == 200, label
        assert "This link is from a sample email" in page.content.decode()
    assert "/sample-link/" in message.extra_headers["List-Unsubscribe"]
    assert client.get("/sample-link/not-a-token/").status_code == 404


def test_a_sample_rsvp_link_opens_the_sample_page(client, db):
    link = sample_values()["rsvp_url"]
    page = client.get(link.removeprefix(settings.SITE_URL)).content.decode()
    assert "This link is from a sample email" in page
    assert "the invitee&#x27;s own page to answer the invitation" in page


@override_settings(SITE_URL="http://partners.example.org:8443")
def test_every_outward_link_comes_from_site_url_with_its_port(client, archive, db):
    sync_default_site(sender=apps.get_app_config("wagtailcore"))  # as after `migrate`
    issue = make_issue(archive, "Spring")
    base = "http://partners.example.org:8443"

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{base}{issue.url}</loc>" in sitemap
    page = client.get(issue.url).content.decode()
    assert f'<link rel="canonical" href="{base}{issue.url}">' in page
    assert f'<meta property="og:url" content="{base}{issue.url}">' in page
    _, html, _ = render_newsletter(issue)
    assert f'href="{base}{issue.url}"' in personalise_preview(html, html, "", None, page=issue)[1]

    index = EventIndexPage(title="Events", slug="events")
    archive.get_parent().add_child(instance=index)
    event = make_event()
    invitation = Invitation.objects.create(event=event, contact=person("Priya", "Lead"))
    accept_invitation(invitation, [day(event).pk])
    ics = booking_calendar(invitation.bookings.all(), "REQUEST").decode()
    assert f"URL:{base}{event.url}" in ics.replace("\r\n ", "")
    assert 'ORGANIZER;CN="Shire Prevent Partnership":mailto:prevent@shire.example' in ics


def test_the_ics_organiser_falls_back_to_the_from_address(db):
    event = make_event()  # not under a site with partnership settings
    invitation = Invitation.objects.create(event=event, contact=person("Priya", "Lead"))
    accept_invitation(invitation, [day(event).pk])
    with override_settings(DEFAULT_FROM_EMAIL="Shire Prevent <news@shire.example>"):
        ics = booking_calendar(invitation.bookings.all(), "REQUEST").decode()
    assert "mailto:news@shire.example" in ics and "prevent@localhost" not in ics


def test_one_invitation_is_one_send_with_a_personal_link_for_each_invitee(
    client, warwick, coordinator, django_capture_on_commit_callbacks
):
    event = make_event()
    leads = [person(name, "Lead") for name in ("Priya", "Omar", "Nina")]
    for lead in leads:
        lead.districts.add(warwick)
    segment = Segment.objects.create(name="Warwick", rules={"districts": [warwick.pk]})

    with django_capture_on_commit_callbacks(execute=True):
        invited = invite_segments(event, [segment], user=coordinator)

    [send] = Send.objects.filter(kind="invitation")
    assert send.recipient_count == 3 and send.state == "sent"
    assert list(send.segments.all()) == [segment] and send.source_page_id == event.pk
    assert Delivery.objects.filter(send=send, state="sent").count() == 3
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        invitation = Invitation.objects.get(contact__email=message.to[0].rsplit("<")[-1][:-1])
        first_name = invitation.contact.first_name
        text_link = re.search(r"Answer the invitation: (\S+)", message.body).group(1)
        html_link = re.search(r'href="([^"]*/rsvp/[^"]+)"', _html(message)).group(1)
        for link in (text_link, html_link):
            token = link.rstrip("/").rsplit("/", 1)[1]
            assert read_rsvp_token(token) == invitation
        opened = client.get(text_link.removeprefix(settings.SITE_URL)).content.decode()
        assert f"Are you {first_name} Lead?" in opened
        assert f"Dear {first_name}," in message.body and "{{" not in message.body
    assert sorted(i.contact.first_name for i in invited) == ["Nina", "Omar", "Priya"]
