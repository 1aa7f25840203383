"""Each page type of the hub renders what a visitor needs."""

from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page

from cms.models import LearningPackagePage, ReportConcernPage
from core.partnership import partnership
from tests.cms.builders import build_every_block_page


@pytest.fixture
def every_block_page(demo_site):
    return build_every_block_page()


def test_a_content_page_renders_every_kind_of_block(client, every_block_page):
    html = client.get(every_block_page.url).content.decode()

    assert "<h1>Every block</h1>" in html
    assert "<h2>A heading</h2>" in html
    assert 'class="callout callout--warning"' in html
    assert "<summary>What is WRAP?</summary>" in html
    assert "Prevent leaflet for parents</a>" in html and "(PDF," in html
    assert 'src="https://www.youtube-nocookie.com/embed/abcDEF12345"' in html
    assert 'title="What Prevent is about"' in html
    assert 'href="mailto:team@example.org"' in html
    assert "Police HQ<br>Town" in html


def test_a_video_that_is_not_youtube_or_vimeo_is_refused_in_the_editor():
    from wagtail.blocks import StructBlockValidationError

    from cms.blocks import VideoBlock

    block = VideoBlock()
    value = block.to_python({"title": "A video", "url": "https://example.org/video.mp4"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://youtu.be/abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        (
            "https://m.youtube.com/watch?v=abcDEF12345&t=3",
            "https://www.youtube-nocookie.com/embed/abcDEF12345",
        ),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?dnt=1"),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_addresses_become_privacy_enhanced_players(url, embed):
    from cms.blocks import video_embed_url

    assert video_embed_url(url) == embed


def test_the_report_a_concern_page_takes_its_links_from_the_partnership_settings(client, demo_site):
    settings = partnership(demo_site)
    settings.safeguarding_referral_url = "https://example.org/refer-here"
    settings.community_tension_report_url = "/report/"
    settings.online_material_report_url = "https://example.org/report-online"
    settings.save()
    page = ReportConcernPage.objects.get()

    html = client.get(page.url).content.decode()

    assert 'href="tel:999"' in html
    assert 'href="https://example.org/refer-here"' in html
    assert 'href="/report/"' in html
    assert 'href="https://example.org/report-online"' in html
    for heading in (
        "Someone is in immediate danger",
        "A concern about an individual",
        "Community tension",
        "Online terrorist material",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert 'href="#pathway-online_material"' in html


def test_a_pathway_without_a_configured_link_shows_no_broken_link(client, demo_site):
    settings = partnership(demo_site)
    settings.safeguarding_referral_url = ""
    settings.save()

    html = client.get(ReportConcernPage.objects.get().url).content.decode()

    assert '<p class="pathway__action">Make a safeguarding referral</p>' in html
    assert 'href=""' not in html


def test_the_learning_section_lists_the_three_levels_and_a_package_says_how_to_book(
    client, demo_site
):
    section = Page.objects.get(slug="learning-and-development")
    html = client.get(section.url).content.decode()

    for level in ("Level 1: e-learning", "Level 2: WRAP", "Level 3: train the trainer"):
        assert level in html

    wrap = LearningPackagePage.objects.get(level=2)
    html = client.get(wrap.url).content.decode()
    assert "Who should take it" in html
    assert "Frontline workers in a care and support role" in html
    assert "Half a day" in html
    assert "Face-to-face workshop" in html
    assert "<h2>How to book</h2>" in html


def test_the_channel_page_explains_channel_and_takes_no_referrals(client, demo_site):
    html = client.get("/prevent-and-channel/").content.decode()

    assert "What is Channel?" in html
    assert "This website does not take referrals" in html
    assert 'href="/how-to-report-a-concern/"' in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


def test_the_glossary_page_lists_every_acronym(client, demo_site):
    html = client.get("/glossary/").content.decode()

    assert '<abbr title="Workshop to Raise Awareness of Prevent">WRAP</abbr>' in html
    assert html.count("<dt ") == 13


def test_every_hub_page_is_in_the_main_menu_and_marks_the_current_one(client, demo_site):
    html = client.get("/glossary/").content.decode()
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]

    for title in (
        "How to report a concern",
        "Leaflets, briefings and posters",
        "Prevent and the Channel process",
        "Learning and development",
        "Glossary",
        "Our partners",
    ):
        assert title in menu
    assert '<a href="/glossary/" aria-current="page">Glossary</a>' in menu


def test_the_footer_comes_from_the_partnership_settings(client, demo_site):
    settings = partnership(demo_site)
    settings.contact_address = "1 Example Street\nExampletown"
    settings.footer_links = [
        (
            "link",
            {"title": "Accessibility statement", "page": None, "url": "https://example.org/a11y"},
        )
    ]
    settings.save()

    footer = client.get("/").content.decode().split('class="site-footer"')[1]

    assert "1 Example Street<br>Exampletown" in footer
    assert '<a href="https://example.org/a11y">Accessibility statement</a>' in footer
    assert '<a href="/report/">Report community tension</a>' in footer
    assert "call 999" in footer


def test_pages_carry_description_canonical_and_social_tags(client, every_block_page):
    html = client.get(every_block_page.url).content.decode()

    assert '<meta name="description" content="Every block the hub offers, for testing.">' in html
    # Absolute links come from SITE_URL, port and all (the Wagtail Site is kept in step).
    assert f'<link rel="canonical" href="{settings.SITE_URL}{every_block_page.url}">' in html
    assert '<meta property="og:title" content="Every block">' in html
    assert '<meta property="og:site_name" content="Warwickshire Prevent Partnership">' in html


def test_the_summary_is_the_description_when_editors_leave_it_blank(client, demo_site):
    html = client.get("/prevent-and-channel/").content.decode()

    assert (
        '<meta name="description" content="What Prevent is, what Channel is, and what happens '
        'after a referral.">' in html
    )


def test_the_sitemap_lists_the_live_hub_pages(client, demo_site, every_block_page):
    every_block_page.unpublish()
    xml = client.get("/sitemap.xml").content.decode()

    assert f"<loc>{settings.SITE_URL}/how-to-report-a-concern/</loc>" in xml
    assert f"<loc>{settings.SITE_URL}/learning-and-development/wrap/</loc>" in xml
    assert "every-block" not in xml


def test_print_styles_hide_the_navigation_and_open_up_links(client, demo_site):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print.css")).read_text()
    html = client.get("/").content.decode()

    assert 'href="/static/css/print.css" media="print"' in html
    assert ".main-nav" in css and "display: none" in css
    assert 'a[href^="http"]::after' in css


def test_quick_links_and_footer_links_accept_site_paths_but_refuse_script_urls():
    from django.core.exceptions import ValidationError

    from cms.blocks import QuickLinkBlock

    block = QuickLinkBlock()
    for good in ("/report/", "/subscribe/", "https://www.gov.uk/report-terrorism"):
        block.clean(block.to_python({"title": "Go", "url": good}))
    for bad in ("javascript:alert(1)", "//evil.example/", "report"):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"title": "Go", "url": bad}))
