"""Rendered-once message content and cheap per-recipient personalisation.

A message is rendered once (by whoever composes it) into a `MessageContent` whose subject, HTML and
text still contain merge fields written `{{ field }}`. `CompiledContent` splits each part once into
literal pieces and field slots; personalising a recipient is then one `str.join` per part, with
values HTML-escaped for the HTML part. No Django template is rendered per recipient.
"""

import base64
import html as html_lib
import re
from dataclasses import dataclass, field

from .merge import BUILTIN_FIELDS, is_merge_field

# The engine's own fields; apps add theirs with `merge.register_merge_field`.
MERGE_FIELDS = tuple(field.name for field in BUILTIN_FIELDS)

_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# An empty value just before punctuation takes the space before it too: "Hello ," is "Hello,".
_PUNCTUATION_AFTER = re.compile(r"^[,.;:!?)]")
_HEADER_BREAKS = re.compile(r"[\r\n]+")


# Attachments travel with every copy of a send and are stored on the Send row: keep them small
# (a calendar file, a one-page PDF). A bigger file belongs on the hub, linked from the message.
MAX_ATTACHMENTS_BYTES = 2 * 1024 * 1024
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class Attachment:
    """A file sent with every copy: the same bytes for every recipient (no merge fields).
    `mimetype` may carry parameters, e.g. "text/calendar; method=REQUEST"."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"

    def __post_init__(self):
        if isinstance(self.content, str):
            object.__setattr__(self, "content", self.content.encode("utf-8"))
        safe = _UNSAFE_FILENAME.sub("_", header_value(self.filename)).strip(" .") or "attachment"
        object.__setattr__(self, "filename", safe[:100])
        object.__setattr__(self, "mimetype", header_value(self.mimetype).replace('"', ""))

    def to_json(self) -> dict:
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content": base64.b64encode(self.content).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Attachment":
        return cls(data["filename"], base64.b64decode(data["content"]), data["mimetype"])


@dataclass(frozen=True)
class MessageContent:
    """A message rendered once. `html` and `text` (and `subject`) may contain `{{ field }}`
    merge fields (the registered ones, `merge.merge_fields()`); `headers` are extra headers
    sent with every copy; `attachments` are files sent with every copy (at most
    MAX_ATTACHMENTS_BYTES in all)."""

    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "attachments", tuple(self.attachments))
        if sum(len(a.content) for a in self.attachments) > MAX_ATTACHMENTS_BYTES:
            raise ValueError(
                f"Attachments come to more than {MAX_ATTACHMENTS_BYTES // 1024 // 1024} MB: "
                "link to the file on the hub instead."
            )

    def attachments_json(self) -> list[dict]:
        return [a.to_json() for a in self.attachments]


@dataclass
class Recipient:
    """Who one copy goes to and the values of their merge fields (plain text, unescaped)."""

    email: str
    name: str
    values: dict[str, str]
    delivery_id: int | None = None
    message_id: str = ""


class Template:
    """One part split once into literal text and merge-field slots.

    Unknown fields are kept exactly as written, so a stray `{{ something }}` is visible in the
    preview rather than silently blanked. An empty value followed by punctuation takes the
    spaces before it along ("Hello {{ first_name }}," reads "Hello," for someone with no name).
    """

    __slots__ = ("fields", "pieces", "slots", "source")

    def __init__(self, source: str):
        self.source = source
        self.pieces: list[str] = []
        # (index in pieces, field name, as written, the piece before it when the value is empty)
        self.slots: list[tuple[int, str, str, str | None]] = []
        pos = 0
        for match in _FIELD.finditer(source):
            before = source[pos : match.start()]
            self.pieces.append(before)
            name = match.group(1)
            if is_merge_field(name):
                after = source[match.end() :]
                trimmed = before.rstrip(" \t") if _PUNCTUATION_AFTER.match(after) else None
                self.slots.append((len(self.pieces), name, match.group(0), trimmed))
                self.pieces.append("")
            else:
                self.pieces.append(match.group(0))
            pos = match.end()
        self.pieces.append(source[pos:])
        self.fields = frozenset(name for _i, name, _w, _t in self.slots)

    def render(self, values: dict[str, str]) -> str:
        if not self.slots:
            return self.source
        pieces = self.pieces.copy()
        for index, name, written, trimmed in self.slots:
            value = values.get(name, written)
            pieces[index] = value
            if not value and trimmed is not None and index:
                pieces[index - 1] = trimmed
        return "".join(pieces)

    def convert(self, field_format: str, prefix: str = "") -> str:
        """The same text with each merge field in an ESP's own syntax, e.g. `%recipient.{}%`."""
        pieces = self.pieces.copy()
        for index, name, _written, _trimmed in self.slots:
            pieces[index] = field_format.format(prefix + name)
        return "".join(pieces)


def crlf(text: str) -> str:
    """Normalise line endings to CRLF, the form SMTP and MIME want on the wire."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def header_value(value: str) -> str:
    """A header value that cannot smuggle in another header."""
    return _HEADER_BREAKS.sub(" ", str(value)).strip()


class CompiledContent:
    """A `MessageContent` prepared for many recipients (kept per worker process per send)."""

    def __init__(self, content: MessageContent, view_in_browser_url: str = ""):
        self.content = content
        self.view_in_browser_url = view_in_browser_url
        self.subject = Template(header_value(content.subject))
        self.html = Template(crlf(content.html)) if content.html else None
        self.text = Template(crlf(content.text))
        self.headers = {header_value(k): header_value(v) for k, v in content.headers.items()}
        self.attachments = content.attachments

    @property
    def fields(self) -> frozenset[str]:
        """The merge fields this message uses (so a batch resolves only those)."""
        parts = [self.subject, self.text] + ([self.html] if self.html is not None else [])
        return frozenset().union(*(part.fields for part in parts))

    def personalise(self, recipient: Recipient) -> tuple[str, str | None, str]:
        """(subject, html, text) for one recipient; values are escaped for the HTML part only."""
        values = recipient.values
        subject = header_value(self.subject.render(values))
        text = self.text.render(values)
        html = None
        if self.html is not None:
            escaped = {k: html_lib.escape(v, quote=True) for k, v in values.items()}
            html = self.html.render(escaped)
        return subject, html, text

    def recipient_headers(self, recipient: Recipient) -> dict[str, str]:
        """Extra headers for one copy: the frozen ones plus RFC 8058 one-click unsubscribe."""
        headers = dict(self.headers)
        unsubscribe = recipient.values.get("unsubscribe_url")
        if unsubscribe:
            headers["List-Unsubscribe"] = f"<{header_value(unsubscribe)}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        return headers


def personalise_content(content: MessageContent, values: dict[str, str]) -> tuple[str, str, str]:
    """(subject, html, text) of `content` filled with `values` exactly as a real copy is (values
    HTML-escaped in the HTML part), keeping the line endings it has: for previews."""
    escaped = {k: html_lib.escape(v, quote=True) for k, v in values.items()}
    subject = header_value(Template(content.subject).render(values))
    html = Template(content.html).render(escaped) if content.html else ""
    return subject, html, Template(content.text).render(values)
