"""The one way a page becomes a PDF: WeasyPrint, tagged (PDF/UA-1), so a screen reader reads
the headings, tables and figures' alternatives in order.

The HTML must carry what PDF/UA asks of a document and WeasyPrint takes from it: a `<title>`
(the document's title), `<html lang="…">` (its language) and real structure (headings, lists,
tables with header cells) in reading order. Images and URLs resolve against SITE_URL.
Board reports and training certificates both print through `render_pdf`.
"""

from django.conf import settings

PDF_VARIANT = "pdf/ua-1"  # tagged: headings, tables with their headers, figures' alternatives


def render_pdf(html: str) -> bytes:
    """The tagged PDF of one HTML document (WeasyPrint is imported on first use: it is heavy)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
