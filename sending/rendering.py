"""Text helpers of the messages every app sends: merge fields in rendered text, and HTML written
out as the plain-text part.

`upper_literal` and `without_merge_fields` know the engine's merge fields (`{{ first_name }}`):
a text-part heading in capitals keeps them as the engine reads them, and a page read by nobody in
particular (an issue's public page) shows them neutrally. `html_to_text` / `richtext_text` write
sanitised HTML (`core.html`) out as readable text, links as "text (URL)"; `tidy_text` is the
one way a plain-text part is tidied.
"""

import re
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe

from core.html import richtext_html

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
