"""Turn a newsletter page into an email: once per send, with merge fields left for the engine.

`render_newsletter(page)` returns (subject, html, text). The html is a complete, table-based,
responsive email document whose CSS has been inlined into style attributes (css-inline; the media
queries stay in a <style> block for clients that honour them); the text is its plain-text
alternative. Both contain the literal merge fields (the engine's registered fields, written
`{{ name }}`), which the sending engine replaces per recipient; an editor may type them too, e.g. a
heading "Hello {{ first_name }}". Headings upper-cased in the text part keep their merge fields as
written (`upper_literal`), and the public web page shows them neutrally (`without_merge_fields`:
"Hello"). Rich text typed by editors is sanitised with bleach before it reaches either part.

`personalise_preview()` fills them for the admin preview with the engine's own substitution and
the same sample reader a test send uses.
"""

import re
from collections.abc import Mapping
from html.parser import HTMLParser

import bleach
import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.settings.context_processors import SettingProxy
from wagtail.rich_text import RichText, expand_db_html

from core.email import brand_colour
from core.partnership import partnership
from core.sites import page_url
from networks.models import Contact

from .engine import MessageContent, contact_merge_values, personalise_content, sample_values
from .engine.content import MERGE_FIELDS  # noqa: F401  (re-exported for the tests)
from .engine.merge import is_merge_field, merge_fields

_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def merge_placeholders() -> dict[str, SafeString]:
    """Every registered merge field as the templates print it, `{{ name }}`; marked safe so it
    passes autoescaping unchanged."""
    return {name: mark_safe("{{ " + name + " }}") for name in merge_fields()}  # noqa: S308


def upper_literal(text: str) -> str:
    """`text` in capitals except its merge fields, which stay as the engine reads them:
    "Hello {{ first_name }}" becomes "HELLO {{ first_name }}"."""
    pieces, pos = [], 0
    for match in _FIELD.finditer(text or ""):
        pieces.append(text[pos : match.start()].upper())
        name = match.group(1)
        pieces.append(match.group(0) if is_merge_field(name) else match.group(0).upper())
        pos = match.end()
    pieces.append((text or "")[pos:].upper())
    return "".join(pieces)


# A merge field with the spaces before it; at the start of a line or an element, with the
# punctuation after it too (which would otherwise be left stranded).
_NEUTRAL_FIELD = re.compile(
    r"(?P<lead>^|>)?[ \t]*\{\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}(?P<punct>[,;:][ \t]*)?",
    re.MULTILINE,
)


def _neutral(match) -> str:
    if not is_merge_field(match.group("name")):
        return match.group(0)
    lead = match.group("lead")
    return lead if lead is not None else (match.group("punct") or "")


def without_merge_fields(text: str) -> str:
    """`text` read by nobody in particular (the public page of an issue): each merge field
    taken out with the space before it, and at the start of a line or element with the comma
    after it. "Hello {{ first_name }}," reads "Hello,"; "{{ first_name }}, welcome" reads
    "welcome". Works on plain text and on HTML (fields never contain markup), touching nothing
    but the fields."""
    if "{{" not in (text or ""):
        return text
    return _NEUTRAL_FIELD.sub(_neutral, str(text))


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
    """The absolute address of the issue on the public site (the "view in browser" link),
    on SITE_URL."""
    return page_url(page)


def partnership_for(page):
    return partnership(page.get_site())


def render_newsletter(page) -> tuple[str, str, str]:
    """(subject, html, text) of `page` as it stands (pass a revision's object for a draft).

    The html is a full email document with inlined CSS; html and text carry the literal merge
    fields. Links are absolute (SITE_URL). Raises nothing for empty content.
    """
    page = page.specific
    site = page.get_site()
    partnership = partnership_for(page)
    context = {
        "page": page,
        "subject": page.subject,
        "merge": merge_placeholders(),
        "settings": SettingProxy(site),
        "partnership": partnership,
        "brand_colour": brand_colour(partnership),
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
    """The engine's one sample reader (the one a test send uses too), with the issue's own
    address as its "view in browser" link."""
    return sample_values(view_in_browser_url=newsletter_web_url(page) if page is not None else "")


def contact_recipient(contact: Contact, page=None) -> dict[str, str]:
    """The merge values for one real contact, with their own signed links."""
    return contact_merge_values(
        contact,
        page.topic if page is not None else "",
        newsletter_web_url(page) if page is not None else settings.SITE_URL,
    )


def personalise_preview(
    subject: str, html: str, text: str, contact_or_sample: Contact | Mapping | None, *, page=None
) -> tuple[str, str, str]:
    """Fill the merge fields with a contact's values or a sample mapping (missing keys are
    filled from `sample_recipient`) through the engine's own substitution: values HTML-escaped
    in the html part, unknown fields left as written."""
    if isinstance(contact_or_sample, Contact):
        values = contact_recipient(contact_or_sample, page)
    else:
        values = {**sample_recipient(page), **(contact_or_sample or {})}
    return personalise_content(MessageContent(subject, html, text), values)
