"""The one way to write a CSV that people open in a spreadsheet: every cell formula-safe.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (OWASP "CSV injection"); `escape_cell` prefixes it with an
apostrophe, which spreadsheets show as text and do not display. Every export (directory, segment
members, import error reports, event answers, the inbox) goes through `csv_lines`.
"""

import csv

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """`value` as a cell safe to open in a spreadsheet."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
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
