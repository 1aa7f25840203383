"""Links that can run code: the one check every rendered link goes through; and the one
sanitiser of editor HTML (`sanitise_html`, `richtext_html`, bleach with one allow-list).

A `javascript:`, `vbscript:` or `data:` URL in an href runs (or shows) whatever it carries when
clicked, whatever the Content-Security-Policy says about pages. Editors cannot type one through
Wagtail's forms, but a value stored another way (an import, the ORM, an old revision) must still
never reach a page as a live link.
"""

import html
import re

import bleach
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText, expand_db_html

UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
# An attribute that a browser follows or loads, in any quoting, after anything that can separate
# attributes (whitespace, "/", a closing quote). Matched over the whole text rather than tag by
# tag, so a ">" inside another attribute's value cannot hide it; a match in body text (where
# quotes and angle brackets are escaped anyway) only loses those few characters.
_URL_ATTRIBUTE = re.compile(
    r"""(?P<sep>[\s/"'])(?P<name>href|src|action|formaction|xlink:href|poster|background)"""
    r"""\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'>]+)""",
    re.IGNORECASE,
)


def is_unsafe_url(url) -> bool:
    """True for a URL whose scheme runs code or carries its own content (see UNSAFE_SCHEMES),
    however it is spelled: entities, mixed case, embedded tabs or newlines."""
    text = _IGNORED_IN_SCHEME.sub("", html.unescape(str(url or ""))).lower()
    return text.startswith(UNSAFE_SCHEMES)


def safe_href(url) -> str:
    """`url` unchanged, or "" when it is unsafe: templates then show no link at all."""
    url = "" if url is None else str(url)
    return "" if is_unsafe_url(url) else url


def _strip_attribute(match: re.Match) -> str:
    value = match.group("value").strip("\"'")
    return match.group("sep") if is_unsafe_url(value) else match.group(0)


def drop_unsafe_links(markup) -> SafeString:
    """Trusted-but-unchecked HTML (expanded rich text) with every unsafe URL attribute removed,
    so `<a href="javascript:…">text</a>` becomes `<a>text</a>`. It does not sanitise anything
    else: use bleach for HTML from outside the editors."""
    return mark_safe(_URL_ATTRIBUTE.sub(_strip_attribute, str(markup or "")))  # noqa: S308


# --- The sanitiser of editor HTML (bleach) -------------------------------------------------------
# Every piece of rich text that reaches a page or an email (newsletters, alerts, events) is cut
# down to this allow-list.

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
NEVER_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript|svg|math)\b.*?(</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_RELATIVE_LINK = re.compile(r'href="/(?!/)')


def clean_html(markup, *, attributes=None) -> str:
    """`markup` cut down to ALLOWED_TAGS and ALLOWED_PROTOCOLS, with `attributes` (default
    ALLOWED_ATTRIBUTES) the only attributes kept; scripts, styles and the like dropped whole,
    comments stripped. The one bleach call: `sanitise_html` and stored rich text use it."""
    return bleach.clean(
        NEVER_CONTENT.sub("", markup or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES if attributes is None else attributes,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def sanitise_html(html: str, *, absolute: bool = False) -> SafeString:
    """Editor HTML cut down to ALLOWED_TAGS/ATTRIBUTES/PROTOCOLS; with `absolute`, site-relative
    links are made absolute against SITE_URL (for email)."""
    cleaned = clean_html(html)
    if absolute:
        cleaned = _RELATIVE_LINK.sub(f'href="{settings.SITE_URL}/', cleaned)
    return mark_safe(cleaned)  # noqa: S308 - bleach has just sanitised it


def richtext_html(value, *, absolute: bool = False) -> SafeString:
    """A rich text value (RichText or stored HTML) as sanitised front-end HTML."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    return sanitise_html(expand_db_html(source), absolute=absolute)
