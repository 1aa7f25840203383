"""The email an issue becomes: both parts, merge fields, inlined CSS, working links, safe HTML."""

import re

import pytest
from django.conf import settings
from wagtail.images.tests.utils import get_test_image_file

from networks.models import Contact, District, Organisation
from networks.tokens import read_contact_token
from newsletters.rendering import personalise_preview, render_newsletter
from sending.engine import MERGE_FIELDS
from tests.newsletters.authoring_support import links_in, make_issue

HOSTILE_RICH_TEXT = (
    "<p>Before<script>alert('script')</script>"
    '<img src="x" onerror="alert(\'onerror\')">'
    "<a href=\"javascript:alert('js')\" onclick=\"alert('click')\">a trap</a>"
    '<iframe src="https://evil.example/"></iframe>'
    "<style>body { display: none }</style>after</p>"
)


def test_the_email_has_an_html_document_and_a_plain_text_part(demo_issue):
    subject, html, text = render_newsletter(demo_issue)

    assert subject == "Prevent partnership news: our first issue"
    assert html.startswith("<!DOCTYPE html>")
    assert '<table class="container"' in html
    assert "<h1" in html and "Prevent partnership news: our first issue" in html
    assert "Emerging issues" in html and "WRAP train the trainer" in html
    # The text part: no markup, headings kept, links written out as URLs.
    assert not re.search(r"</?[a-z][^>]*>", text)
    assert "PREVENT PARTNERSHIP NEWS: OUR FIRST ISSUE" in text
    assert "LEARNING AND DEVELOPMENT SESSIONS" in text
    assert "Report online terrorist material: https://www.gov.uk/report-terrorism" in text
    assert f"Visit the hub: {settings.SITE_URL}/" in text


def test_both_parts_carry_every_merge_field_for_the_engine(demo_issue):
    _, html, text = render_newsletter(demo_issue)

    # Name, organisation and districts reach the footer as one line built from what is known;
    # `partner_url` is the personal link to a partner-only page (alerts): a public issue has none.
    used = set(MERGE_FIELDS) - {"full_name", "organisation", "districts", "partner_url"}
    for field in used:
        assert "{{ " + field + " }}" in html, field
        assert "{{ " + field + " }}" in text, field
    assert "Hello {{ first_name }}," in html and "Hello {{ first_name }}," in text
    assert 'href="{{ view_in_browser_url }}"' in html
    assert 'href="{{ preferences_url }}"' in html
    assert 'href="{{ unsubscribe_url }}"' in html


def test_the_css_is_inlined_and_only_media_queries_stay_in_a_style_block(demo_issue):
    _, html, _ = render_newsletter(demo_issue)

    assert re.search(r'<body style="[^"]*font-family: Arial', html)
    assert re.search(r'<table class="container"[^>]*style="[^"]*width: 600px', html)
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(styles) == 1 and styles[0].strip().startswith("@media")


def test_the_preview_fills_in_sample_details_and_leaves_no_placeholder(demo_issue):
    subject, html, text = personalise_preview(*render_newsletter(demo_issue), None, page=demo_issue)

    assert "{{" not in html and "{{" not in text
    assert "Hello Sam," in html and "Hello Sam," in text
    assert "Sample Organisation" in html and "North Warwickshire" in text
    assert f'href="{demo_issue.full_url.replace("http://localhost", settings.SITE_URL)}"' in html


def test_a_contacts_own_details_and_signed_links_are_escaped_into_the_preview(demo_issue):
    contact = Contact.objects.create(
        first_name="<b>Ann</b>",
        last_name="O'Neill",
        email="ann@example.org",
        organisation=Organisation.objects.create(name="Smith & Sons Academy"),
    )
    contact.districts.set(District.objects.filter(name__in=["Rugby", "Warwick"]))

    _, html, text = personalise_preview(*render_newsletter(demo_issue), contact, page=demo_issue)

    assert "Hello &lt;b&gt;Ann&lt;/b&gt;," in html and "<b>Ann</b>" not in html
    assert "Smith &amp; Sons Academy" in html and "Smith & Sons Academy" in text
    assert "Rugby, Warwick" in text
    preferences = re.search(r'href="([^"]*/subscribe/preferences/[^"]+)"', html).group(1)
    token = preferences.rstrip("/").rsplit("/", 1)[1]
    assert read_contact_token(token, "preferences")[0] == contact
    unsubscribe = re.search(r"Unsubscribe: (\S+)", text).group(1)
    _, payload = read_contact_token(unsubscribe.rstrip("/").rsplit("/", 1)[1], "unsubscribe")
    assert payload["t"] == "newsletter"


def test_every_link_is_absolute_and_the_sites_own_links_open(client, archive, demo_issue):
    home = archive.get_parent()
    issue = make_issue(
        archive,
        "Links",
        body=[
            {
                "type": "rich_text",
                "value": f'<p>See <a linktype="page" id="{archive.pk}">the archive</a>.</p>',
            },
            {
                "type": "call_to_action",
                "value": {"text": "Go home", "button_label": "Home", "page": home.pk},
            },
            {
                "type": "resource_links",
                "value": {
                    "title": "More",
                    "links": [{"title": "Last issue", "page": demo_issue.pk}],
                },
            },
        ],
    )

    _, html, text = personalise_preview(*render_newsletter(issue), None, page=issue)

    hrefs = links_in(html).hrefs
    assert hrefs and all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
    own = {h.removeprefix(settings.SITE_URL) for h in hrefs if h.startswith(settings.SITE_URL)}
    assert {"/newsletters/", "/", "/newsletters/our-first-issue/", "/newsletters/links/"} <= own
    for path in own:
        assert client.get(path).status_code == 200, path
    assert f"the archive ({settings.SITE_URL}/newsletters/)" in text


def test_script_and_event_handlers_in_rich_text_never_reach_the_email(archive):
    issue = make_issue(
        archive,
        "Hostile",
        body=[
            {"type": "rich_text", "value": HOSTILE_RICH_TEXT},
            {"type": "emerging_issues", "value": {"title": "Watch", "body": HOSTILE_RICH_TEXT}},
        ],
    )

    _, html, text = render_newsletter(issue)

    for part in (html, text):
        for trace in ("<script", "onerror", "onclick", "javascript:", "<iframe", "alert("):
            assert trace not in part, trace
    assert "display: none }" not in html
    assert "Before" in html and "a trap" in html and "after" in text


def test_the_public_issue_page_is_sanitised_too(client, archive):
    issue = make_issue(
        archive, "Hostile web", body=[{"type": "rich_text", "value": HOSTILE_RICH_TEXT}]
    )

    body = client.get(issue.url).content.decode()

    assert "Before" in body
    for trace in ("<script>alert", "onerror", "javascript:", "evil.example"):
        assert trace not in body, trace


@pytest.mark.django_db
def test_an_article_image_is_an_absolute_rendition_with_its_alt_text(archive, settings):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Event photo", file=get_test_image_file(size=(1200, 600)))
    issue = make_issue(
        archive,
        "Pictures",
        body=[
            {
                "type": "article",
                "value": {
                    "title": "The annual event",
                    "body": "<p>Thanks to everyone who came.</p>",
                    "image": {"image": image.pk, "alt_text": "Partners talking at the event"},
                },
            }
        ],
    )

    _, html, _ = render_newsletter(issue)

    srcs = links_in(html).srcs
    assert len(srcs) == 1 and srcs[0].startswith(f"{settings.SITE_URL}/media/images/")
    assert 'alt="Partners talking at the event"' in html
    assert re.search(r'<img class="fluid"[^>]*width="552"[^>]*height="276"', html)


def test_an_ad_hoc_update_unsubscribes_from_updates_not_the_newsletter(archive):
    from newsletters.models import NewsletterPage
    from newsletters.rendering import contact_recipient

    update = make_issue(archive, "Alert", kind=NewsletterPage.Kind.AD_HOC)
    contact = Contact.objects.create(first_name="Ann", email="ann@example.org")

    _, html, text = render_newsletter(update)
    url = contact_recipient(contact, update)["unsubscribe_url"]

    assert "You receive the ad-hoc update because" in text
    _, payload = read_contact_token(url.rstrip("/").rsplit("/", 1)[1], "unsubscribe")
    assert payload["t"] == "updates"
