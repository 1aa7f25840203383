"""Links that can run code: the one check every rendered link goes through.

A `javascript:`, `vbscript:` or `data:` URL in an href runs (or shows) whatever it carries when
clicked, whatever the Content-Security-Policy says about pages. Editors cannot type one through
Wagtail's forms, but a value stored another way (an import, the ORM, an old revision) must still
never reach a page as a live link.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

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
