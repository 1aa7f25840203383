"""A tiny text-only PDF writer for the demo documents `seed_demo` generates in code (no binary
files in git); tests build their documents with it too. Not used by the running site."""

import textwrap


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page A4 PDF: ``title`` in bold, then each paragraph wrapped at ~90 characters.

    Only Latin-1 text is supported (the standard Helvetica fonts); other characters become "?".
    """
    lines = [("F2", 16, title), ("F1", 11, "")]
    for paragraph in paragraphs:
        lines += [("F1", 11, line) for line in textwrap.wrap(paragraph, 90)]
        lines.append(("F1", 11, ""))
    ops = ["BT", "56 780 Td"]
    for font, size, text in lines:
        safe = _escape(text.encode("latin-1", "replace").decode("latin-1"))
        ops += [f"/{font} {size} Tf", f"({safe}) Tj", f"0 -{size + 5} Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
