"""Turn a newsletter page into an email: once per send, with merge fields left for the engine.

`render_newsletter(page)` returns (subject, html, text). The html is a complete, table-based,
responsive email document whose CSS has been inlined into style attributes (css-inline; the media
queries stay in a <style> block for clients that honour them); the text is its plain-text
alternative. Both contain the literal merge fields of `MERGE_FIELDS`, written `{{ name }}`, which
the sending engine replaces per recipient. Rich text typed by editors is sanitised with bleach
before it reaches either part.

`personalise_preview()` is the small, safe substitution used by the admin preview and test sends;
real sends use the engine's own personaliser.
"""

import re
from collections.abc import Mapping
from html.parser import HTMLParser

import bleach
import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.settings.context_processors import SettingProxy
from wagtail.rich_text import RichText, expand_db_html

from core.partnership import partnership
from networks.models import Contact, District
from networks.tokens import preference_centre_url, unsubscribe_url

from .blocks import absolute_url
from .engine.content import MERGE_FIELDS

# Templates print these constants; being marked safe they pass autoescaping unchanged.
MERGE = {name: mark_safe("{{ " + name + " }}") for name in MERGE_FIELDS}  # noqa: S308
_PLACEHOLDER = re.compile(r"\{\{ (" + "|".join(MERGE_FIELDS) + r") \}\}")

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "em",
    "h2",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto", "tel"}
# Elements whose content is never readable text. bleach alone would strip their tags but keep
# their text ("alert(1)"); this pass drops them whole first. bleach is still what guarantees
# safety, so a malformed element slipping past this regex is only untidy, never dangerous.
_NEVER_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript|svg|math)\b.*?(</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_RELATIVE_LINK = re.compile(r'href="/(?!/)')
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BRAND_COLOUR = "#1d4f76"

_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def sanitise_html(html: str, *, absolute: bool = False) -> SafeString:
    """Editor HTML cut down to ALLOWED_TAGS/ATTRIBUTES/PROTOCOLS; with `absolute`, site-relative
    links are made absolute against SITE_URL (for email)."""
    cleaned = bleach.clean(
        _NEVER_CONTENT.sub("", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    if absolute:
        cleaned = _RELATIVE_LINK.sub(f'href="{settings.SITE_URL}/', cleaned)
    return mark_safe(cleaned)  # noqa: S308 - bleach has just sanitised it


def richtext_html(value, *, absolute: bool = False) -> SafeString:
    """A rich text value (RichText or stored HTML) as sanitised front-end HTML."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    return sanitise_html(expand_db_html(source), absolute=absolute)


class _TextWriter(HTMLParser):
    """Sanitised HTML to readable plain text: blocks on their own lines, list items with a dash,
    links written as "text (URL)"."""

    BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href_stack: list[str | None] = []
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href_stack.append(dict(attrs).get("href"))
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href_stack:
            href = self.href_stack.pop()
            text = "".join(self.link_text).strip()
            if href and href.removeprefix("mailto:") != text and href != text:
                self.parts.append(f" ({href.removeprefix('mailto:')})")

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        if self.href_stack:
            self.link_text.append(data)
        self.parts.append(data)

    def text(self) -> str:
        return tidy_text("\n".join(line.strip() for line in "".join(self.parts).splitlines()))


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html or "")
    writer.close()
    return writer.text()


def richtext_text(value) -> str:
    return html_to_text(richtext_html(value, absolute=True))


def tidy_text(text: str) -> str:
    """Trailing spaces off, runs of blank lines down to one, one newline at the end."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def newsletter_web_url(page) -> str:
    """The absolute address of the issue on the public site (the "view in browser" link)."""
    return absolute_url(page.get_url() or "")


def partnership_for(page):
    return partnership(page.get_site())


def render_newsletter(page) -> tuple[str, str, str]:
    """(subject, html, text) of `page` as it stands (pass a revision's object for a draft).

    The html is a full email document with inlined CSS; html and text carry the literal merge
    fields of MERGE_FIELDS. Links are absolute (SITE_URL). Raises nothing for empty content.
    """
    page = page.specific
    site = page.get_site()
    partnership = partnership_for(page)
    brand = getattr(partnership, "brand_colour", "") or ""
    context = {
        "page": page,
        "subject": page.subject,
        "merge": MERGE,
        "settings": SettingProxy(site),
        "partnership": partnership,
        "brand_colour": brand if _HEX_COLOUR.match(brand) else DEFAULT_BRAND_COLOUR,
        "site_url": settings.SITE_URL,
        "topic_label": page.get_kind_display().lower(),
    }
    blocks = []
    for block in page.body:
        block_context = {**context, "value": block.value, "block_type": block.block_type}
        blocks.append(
            {
                "html": mark_safe(  # noqa: S308 - our templates, autoescaped, sanitised rich text
                    render_to_string(
                        f"newsletters/email/blocks/{block.block_type}.html", block_context
                    )
                ),
                "text": render_to_string(
                    f"newsletters/email/blocks/{block.block_type}.txt", block_context
                ).strip(),
            }
        )
    context["blocks"] = blocks
    html = _inliner.inline(render_to_string("newsletters/email/newsletter.html", context))
    text = tidy_text(render_to_string("newsletters/email/newsletter.txt", context))
    return page.subject, html, text


# --- Preview personalisation ------------------------------------------------------------------


def sample_recipient(page=None) -> dict[str, str]:
    """Made-up merge values for previews and test sends to addresses that are not contacts.

    Its links lead to the site's subscribe page, which exists for everyone; real sends carry each
    recipient's own signed preference-centre and unsubscribe links.
    """
    districts = list(District.objects.order_by("sort_order", "name").values_list("name", flat=True))
    subscribe = absolute_url("/subscribe/")
    return {
        "first_name": "Sam",
        "full_name": "Sam Sample",
        "organisation": "Sample Organisation",
        "districts": ", ".join(districts[:2]) or "All districts",
        "email": "sam.sample@example.org",
        "preferences_url": subscribe,
        "unsubscribe_url": subscribe,
        "view_in_browser_url": newsletter_web_url(page) if page is not None else settings.SITE_URL,
    }


def contact_recipient(contact: Contact, page=None) -> dict[str, str]:
    """The merge values for one real contact, with their own signed links."""
    return {
        "first_name": contact.first_name,
        "full_name": contact.full_name,
        "organisation": contact.organisation.name if contact.organisation_id else "",
        "districts": ", ".join(d.name for d in contact.districts.all()),
        "email": contact.email,
        "preferences_url": preference_centre_url(contact),
        "unsubscribe_url": unsubscribe_url(contact, page.topic if page is not None else None),
        "view_in_browser_url": newsletter_web_url(page) if page is not None else settings.SITE_URL,
    }


def personalise_preview(
    subject: str, html: str, text: str, contact_or_sample: Contact | Mapping | None, *, page=None
) -> tuple[str, str, str]:
    """Replace the merge fields with a contact's values or a sample mapping (missing keys are
    filled from `sample_recipient`). Values are HTML-escaped in the html part. For previews and
    test sends only: it is deliberately simple, not fast."""
    if isinstance(contact_or_sample, Contact):
        values = contact_recipient(contact_or_sample, page)
    else:
        values = {**sample_recipient(page), **(contact_or_sample or {})}

    def fill(source: str, quote) -> str:
        return _PLACEHOLDER.sub(lambda m: quote(str(values[m.group(1)])), source)

    return fill(subject, str), fill(html, escape), fill(text, str)
