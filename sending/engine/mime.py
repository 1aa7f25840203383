"""Build an RFC 5322 multipart/alternative message as bytes, cheaply.

With attachments the message is multipart/mixed: the alternative part first, then each file in
base64 (the same bytes for every recipient, so encoded once per batch by `encode_attachments`).

The SMTP fast path sends thousands of messages a second from one process; Python's `email`
package costs more per message than everything else together, so the message is assembled here
from strings: both parts quoted-printable (binascii, in C), CRLF line endings, and a boundary
starting with "==" (quoted-printable text can never contain "==", it is always written "=3D").
"""

import base64
import binascii
import secrets
from email.header import Header
from email.utils import formataddr, formatdate

from .content import header_value


def _encode_header(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=998).encode()


def _qp(text: str) -> bytes:
    return binascii.b2a_qp(text.encode("utf-8"), quotetabs=False, istext=True, header=False)


def new_boundary() -> str:
    return "==ph_" + secrets.token_hex(12)


def encode_attachments(attachments) -> list[bytes]:
    """Each attachment as one MIME part (headers and base64 body), without the boundary line."""
    parts = []
    for attachment in attachments:
        mimetype = attachment.mimetype
        if mimetype.startswith("text/") and "charset=" not in mimetype:
            mimetype += '; charset="utf-8"'
        body = base64.encodebytes(attachment.content).replace(b"\n", b"\r\n")
        head = (
            f'Content-Type: {mimetype}; name="{attachment.filename}"\r\n'
            f'Content-Disposition: attachment; filename="{attachment.filename}"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
        )
        parts.append(head.encode("ascii") + body)
    return parts


def build_message(
    *,
    from_email: str,
    to_email: str,
    to_name: str,
    subject: str,
    text: str,
    html: str | None,
    headers: dict[str, str],
    message_id: str,
    date: str | None = None,
    boundary: str | None = None,
    attachment_parts: list[bytes] | None = None,
) -> bytes:
    """The whole message as bytes with CRLF line endings, ready for `smtplib.SMTP.sendmail`.

    `text` and `html` must already use CRLF line endings (see `content.crlf`).
    `attachment_parts` come from `encode_attachments`. Raises UnicodeEncodeError for an address
    that is not ASCII (the caller fails that row).
    """
    to_email.encode("ascii")
    lines = [
        f"From: {from_email}",
        f"To: {formataddr((header_value(to_name), to_email)) if to_name else to_email}",
        f"Subject: {_encode_header(subject)}",
        f"Date: {date or formatdate(localtime=False, usegmt=True)}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
    ]
    lines.extend(f"{name}: {_encode_header(value)}" for name, value in headers.items())
    boundary = boundary or new_boundary()
    body_head, body = _body(text, html, boundary)
    if attachment_parts:
        mixed = boundary + "_m"
        lines.append(f'Content-Type: multipart/mixed; boundary="{mixed}"')
        delimiter = f"\r\n--{mixed}\r\n".encode("ascii")
        body = b"".join(
            (
                f"--{mixed}\r\n".encode("ascii"),
                body_head.encode("ascii"),
                b"\r\n\r\n",
                body,
                *(delimiter + part for part in attachment_parts),
                f"\r\n--{mixed}--\r\n".encode("ascii"),
            )
        )
    else:
        lines.append(body_head)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def _body(text: str, html: str | None, boundary: str) -> tuple[str, bytes]:
    """(Content-* header lines, body bytes) of the text part, or of the alternative part."""
    text_part = _qp(text)
    if html is None:
        return (
            'Content-Type: text/plain; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable",
            text_part + b"\r\n",
        )
    part_head = (
        f'--{boundary}\r\nContent-Type: text/%s; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    return (
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        b"".join(
            (
                (part_head % "plain").encode("ascii"),
                text_part,
                b"\r\n",
                (part_head % "html").encode("ascii"),
                _qp(html),
                f"\r\n--{boundary}--\r\n".encode("ascii"),
            )
        ),
    )
