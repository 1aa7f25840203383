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

MERGE_FIELDS = (
    "first_name",
    "full_name",
    "organisation",
    "districts",
    "email",
    "preferences_url",
    "unsubscribe_url",
    "view_in_browser_url",
    # The recipient's personal, signed, expiring link to the message's partner-only page
    # (networks.partner_access); the page's plain address in a test.
    "partner_url",
)

_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
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
    merge fields from `MERGE_FIELDS`; `headers` are extra headers sent with every copy;
    `attachments` are files sent with every copy (at most MAX_ATTACHMENTS_BYTES in all)."""

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
    preview rather than silently blanked.
    """

    __slots__ = ("pieces", "slots", "source")

    def __init__(self, source: str):
        self.source = source
        self.pieces: list[str] = []
        self.slots: list[tuple[int, str, str]] = []  # (index in pieces, field name, as written)
        pos = 0
        for match in _FIELD.finditer(source):
            self.pieces.append(source[pos : match.start()])
            name = match.group(1)
            if name in MERGE_FIELDS:
                self.slots.append((len(self.pieces), name, match.group(0)))
                self.pieces.append("")
            else:
                self.pieces.append(match.group(0))
            pos = match.end()
        self.pieces.append(source[pos:])

    def render(self, values: dict[str, str]) -> str:
        if not self.slots:
            return self.source
        pieces = self.pieces.copy()
        for index, name, written in self.slots:
            pieces[index] = values.get(name, written)
        return "".join(pieces)

    def convert(self, field_format: str, prefix: str = "") -> str:
        """The same text with each merge field in an ESP's own syntax, e.g. `%recipient.{}%`."""
        pieces = self.pieces.copy()
        for index, name, _written in self.slots:
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

    def uses(self, name: str) -> bool:
        """Whether any part of the message has the merge field `name`."""
        parts = (self.subject, self.html, self.text)
        return any(p is not None and any(slot[1] == name for slot in p.slots) for p in parts)

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
