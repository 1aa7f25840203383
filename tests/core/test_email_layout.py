"""Every HTML email of the project is built on the one shell (core/email/base.html): the
partnership's brand colour in the masthead and the shared footer appear exactly once, and the
document is well formed. Every plain-text part is built on its counterpart (core/email/base.txt)
and ends with the same contact details."""

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import get_template, render_to_string

from core.email import DEFAULT_BRAND_COLOUR, brand_colour, merge_tag
from core.models import PartnershipSettings

ROOT = Path(settings.BASE_DIR)
EMAILS = sorted(
    str(path.relative_to(path.parents[2]))
    for path in ROOT.glob("*/templates/*/email/*.html")
    if not path.name.startswith("_") and path.parts[-3] != "core"
)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class TagBalance(HTMLParser):
    """Records the first tag that closes out of order or is left open."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def sample_context(partnership):
    """Enough of each email's context for every template to render (the apps' own tests render
    them with real objects)."""
    contact = SimpleNamespace(first_name="Priya", email="priya@example.org")
    return {
        "partnership": partnership,
        "contact": contact,
        "invitation": SimpleNamespace(contact=contact, state="invited"),
        "owner": SimpleNamespace(get_short_name="Omar", get_username="omar"),
        "event": SimpleNamespace(title="Annual Prevent event"),
        "page": SimpleNamespace(title="Stickers near schools"),
    }


def settings_for(**fields):
    return PartnershipSettings(name="Northshire Prevent Partnership", **fields)


def test_the_project_has_the_html_emails_the_shell_serves():
    assert "newsletters/email/newsletter.html" in EMAILS
    assert "events/email/invitation.html" in EMAILS
    assert len(EMAILS) >= 14


@pytest.mark.django_db
@pytest.mark.parametrize("template", EMAILS)
def test_every_html_email_extends_the_one_shell_and_is_well_formed(template):
    source = Path(get_template(template).origin.name).read_text()
    assert "<html" not in source and "<body" not in source, "the shell is written again"
    html = render_to_string(template, sample_context(settings_for(brand_colour="#5a2d82")))

    assert html.count('class="email-footer"') == 1
    assert html.count("Northshire Prevent Partnership") >= 1
    assert html.count("background-color: #5a2d82") == 1
    assert html.count("<html") == 1 and html.count("<body") == 1
    checker = TagBalance()
    checker.feed(html)
    assert checker.problems == [] and checker.stack == []
    assert "<link" not in html and "stylesheet" not in html


def test_a_brand_colour_that_is_not_a_hex_colour_falls_back_to_the_default():
    assert brand_colour(settings_for(brand_colour="#5a2d82")) == "#5a2d82"
    assert brand_colour(settings_for(brand_colour='red;" onload="x')) == DEFAULT_BRAND_COLOUR
    assert brand_colour(None) == DEFAULT_BRAND_COLOUR


def test_the_merge_tag_is_the_literal_field_the_engine_fills():
    assert merge_tag("first_name") == "{{ first_name }}"
    with pytest.raises(ValueError):
        merge_tag("first name")


@pytest.mark.django_db
def test_the_preferences_line_carries_the_engines_merge_fields():
    html = render_to_string(
        "alerts/email/alert.html", {"partnership": settings_for(), "page": {"title": "Stickers"}}
    )
    assert 'href="{{ preferences_url }}"' in html and 'href="{{ unsubscribe_url }}"' in html
    assert "Hello {{ first_name }}," in html


# One plain-text email of each app that sends one (their own tests check the text above the footer).
TEXT_EMAILS = (
    "board/email/report_published.txt",
    "cms/email/review_reminder.txt",
    "networks/email/partner_link.txt",
    "events/email/invitation.txt",
    "returns/email/request.txt",
    "newsletters/email/newsletter.txt",
    "alerts/email/alert.txt",
)
HTML_FOOTER = re.compile(r'class="email-footer".*<p style="margin: 0;">(.*?)</p>', re.S)


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEXT_EMAILS)
def test_every_text_email_ends_with_the_partnerships_footer_as_the_html_one_does(template):
    partnership = settings_for(
        contact_address="Unit 3 & 4 Mill Lane\nNorthtown NT1 1AA",
        contact_email="prevent@north.example",
    )
    text = render_to_string(template, sample_context(partnership))
    html = render_to_string(template.replace(".txt", ".html"), sample_context(partnership))

    footer = ["Northshire Prevent Partnership", "Unit 3 & 4 Mill Lane", "Northtown NT1 1AA"]
    footer.append("prevent@north.example")
    assert text.endswith("\n\n" + "\n".join(footer) + "\n")  # after one blank line, unescaped
    assert not text.startswith("\n")
    in_html = HTML_FOOTER.search(html)[1].replace("<br>", "\n")
    assert re.split(r", |\n| · ", html_lib.unescape(re.sub(r"<[^>]+>", "", in_html))) == footer
