"""CSV reading for the contact import (Python's csv module: the files are plain, and decoding is
the only hard part, handled here). Writing is `core.csv_export`."""

import csv
import io


class UndecodableFile(ValueError):
    pass


_UNDECODABLE = (
    "The file is neither UTF-8 nor Windows-1252 text. Save it from your spreadsheet as "
    "“CSV UTF-8” and upload it again."
)


def decode_csv(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for UTF-8 (with or without BOM) or Windows-1252 bytes.
    Raises UndecodableFile for anything else (UTF-16 files decode as Windows-1252 full of NUL
    characters, so NUL is refused too)."""
    if b"\x00" in raw:
        raise UndecodableFile(_UNDECODABLE)
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise UndecodableFile(_UNDECODABLE) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise UndecodableFile(_UNDECODABLE) from None


def sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


# Python's csv module refuses a cell over 128 KiB ("field larger than field limit"). An upload is
# at most 20 MB, so no cell can be larger than that: the limit is the upload's, and a long cell
# becomes a per-row error of the import instead of an unreadable file.
FIELD_SIZE_LIMIT = 20 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))


class UnreadableCsv(ValueError):
    """The text cannot be split into rows; the message names the line, for the user."""


def read_rows(text: str, delimiter: str):
    """Yield the rows of `text` as lists of cells. Raises UnreadableCsv (naming the line) where
    the csv module cannot go on, instead of its own csv.Error."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableCsv(
                f"Line {reader.line_num} of the file cannot be read as CSV ({exc}). Check that "
                "line in your spreadsheet, save it as CSV again and upload it."
            ) from None
        yield row


def preview_rows(text: str, delimiter: str, n: int = 5, width: int = 80) -> list[list[str]]:
    """The first `n` data rows of an uploaded CSV for the column-mapping screen (the contact and
    the completions imports), each cell cut to `width` characters: a cell may be thousands of
    characters long, and the preview only needs its start. Raises UnreadableCsv."""
    rows = read_rows(text, delimiter)
    next(rows, None)  # the header row
    return [
        [cell if len(cell) <= width else cell[: width - 1] + "…" for cell in row]
        for _, row in zip(range(n), rows, strict=False)
    ]
