"""The one way to write a CSV that people open in a spreadsheet: every cell formula-safe.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (OWASP "CSV injection"); `escape_cell` prefixes it with an
apostrophe, which spreadsheets show as text and do not display. The first character is judged
after Unicode compatibility normalisation (NFKC), since a spreadsheet or a later conversion may
fold a full-width `＝` or a small `﹢` into the ASCII sign. Every hand-written export
(directory, segment members, import error reports, event answers) goes through `csv_lines`;
Wagtail's own list exports (`ReportView`/`IndexView` with `list_export`) use
`FormulaSafeExportMixin`, which runs every cell through the same `escape_cell`.
"""

import csv
import unicodedata

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """`value` as a cell safe to open in a spreadsheet (the value itself is kept as it was)."""
    text = "" if value is None else str(value)
    if unicodedata.normalize("NFKC", text[:8]).startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_lines(rows):
    """Yield CSV lines, every cell escaped, for an iterable of row lists."""
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow([escape_cell(cell) for cell in row])


def csv_response(filename: str, rows) -> StreamingHttpResponse:
    """A streamed CSV download of `rows` (the first one the header), every cell escaped."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FormulaSafeExportMixin:
    """Put before Wagtail's `ReportView`/`IndexView` (anything with its SpreadsheetExportMixin):
    every exported cell goes through `escape_cell`, in CSV and in XLSX.

    In CSV every cell becomes text, as `csv_lines` does. In XLSX only text cells are escaped:
    numbers and dates stay typed (a spreadsheet never runs them), and Wagtail already stores a
    formula-looking string as a string; the apostrophe keeps the file safe after a re-save as CSV.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV or isinstance(value, str):
            return escape_cell(value)
        return value
