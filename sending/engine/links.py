"""Which links of a send are shared content links, and which link a click was on.

A send's HTML is frozen on the Send row before personalisation, with its merge fields still
written `{{ name }}` (see `content.py`). Its shared content links are the hrefs of that HTML
that are the same in every copy: absolute http(s) links with no merge field in them (besides
`{{ view_in_browser_url }}`, which is the send's one public address for everybody) and nothing
that looks like a signed token. Every other link a reader can click is personal (their
unsubscribe, preferences, RSVP or return link) and is only ever counted, never recorded: a
one-off message (`SendKind.NOTIFICATION`) is written for one person and may carry their token
in its literal HTML, so none of its links is shared.
"""

import html as html_lib
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from ..models import LinkClick, Send, SendKind

_HREF = re.compile(
    r"""<(?:a|area)\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# core.links tokens: django.core.signing (payload:timestamp:signature) or sealed (s1:nonce:body).
_SIGNED_TOKEN = re.compile(r"[\w.\-]+:[\w\-]+:[\w\-]{20,}")
_VIEW_IN_BROWSER = "view_in_browser_url"


def _split(url: str):
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None


def _is_shared(url: str) -> bool:
    parts = _split(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if "{{" in url or "}}" in url or len(url) > LinkClick.MAX_LINK_LENGTH:
        return False
    return not _SIGNED_TOKEN.search(unquote(f"{parts.path}?{parts.query}#{parts.fragment}"))


@lru_cache(maxsize=32)
def _links_of(html: str, view_in_browser_url: str) -> tuple[str, ...]:
    # Keyed by the content itself (not the send's id, which a rolled-back test may reuse).
    found: dict[str, None] = {}
    for match in _HREF.finditer(html):
        href = html_lib.unescape(next(g for g in match.groups() if g is not None)).strip()
        field = _FIELD.fullmatch(href)
        if field and field.group(1) == _VIEW_IN_BROWSER:
            href = view_in_browser_url
        if href and _is_shared(href):
            found.setdefault(href)
    return tuple(found)


def content_links(send: Send) -> tuple[str, ...]:
    """The send's shared content links, in the order they first appear in its HTML."""
    if send.kind == SendKind.NOTIFICATION or not send.html:
        return ()
    return _links_of(send.html, send.view_in_browser_url or "")


def shared_link(send: Send, clicked_url: str) -> str:
    """The content link of `send` that `clicked_url` is, or "" when it is none of them (a
    personal link, or anything unknown). A click matches a content link exactly, or, for a
    content link with no query string and no fragment, once the click's own are dropped (an
    ESP may add tracking parameters). Returns a stored content link, never the clicked URL."""
    links = content_links(send)
    url = str(clicked_url or "").strip()
    if not links or not url:
        return ""
    if url in links:
        return url
    parts = _split(url)
    if parts is None:
        return ""
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return bare if bare in links else ""
