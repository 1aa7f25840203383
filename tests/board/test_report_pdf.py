"""The PDF a board member gets reads well: every table has all its columns on the page (a wide
one on a landscape page, or split with its row labels repeated), a table that runs on repeats
its header row, no heading or table caption is left at the foot of a page, and a chart whose
figures are all hidden says so in words. Read back from the PDF with pypdf, by where each piece
of text is drawn."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from board.periods import Period
from board.reports import content_for_period, content_pdf
from board.sections import Section
from core.disclosure import Figure, Rule
from tests.support.board import london, make_district, make_reports, make_send

pytestmark = pytest.mark.django_db

Q1 = Period.parse("2026-Q1")
FOOTER = 40  # points from the page's foot: the "Page n of m" line


@dataclass
class Text:
    page: int
    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    texts: list[Text]

    @property
    def body(self) -> list[Text]:
        return [t for t in self.texts if t.y > FOOTER]

    def joined(self) -> str:
        return " ".join(" ".join(t.text.split()) for t in self.texts)


def read_pages(pdf: bytes, tmp_path) -> list[PdfPage]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        texts: list[Text] = []

        def visit(text, cm, tm, font, size, number=number, texts=texts):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                name = str((font or {}).get("/BaseFont", ""))
                scale = abs(tm[0] * cm[0]) or 1
                texts.append(Text(number, x, y, size * scale, "Bold" in name, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(
            PdfPage(number, float(page.mediabox.width), float(page.mediabox.height), texts)
        )
    return pages


def assert_nothing_off_the_page(pages):
    for page in pages:
        off = [t.text for t in page.texts if t.x < 0 or t.x > page.width - 36]
        assert not off, f"page {page.number} draws text beyond its right margin: {off[:5]}"


def pages_with(pages, text: str) -> list[PdfPage]:
    return [p for p in pages if text in p.joined()]


def squeezed(text: str) -> str:
    """Text without its spaces: a heading that wraps ("Open past the one-" / "month deadline")
    reads back with a space where it wrapped."""
    return "".join(text.split())


def assert_no_heading_or_caption_at_the_foot(pages, content):
    captions = {t.title for s in content["sections"] for t in Section.from_dict(s).tables}
    for page in pages[:-1]:
        last = min(page.body, key=lambda t: t.y)
        assert last.size < 11.5, f"page {page.number} ends with the heading {last.text!r}"
        assert last.text not in captions, f"page {page.number} ends with a caption {last.text!r}"


def test_every_table_prints_all_its_columns_the_wide_one_on_a_landscape_page(tmp_path):
    """The whole report, as the `board_report` command writes it, with figures that are all
    small: the wide district-by-sector table sits on a landscape page with every column, every
    other table has all its columns inside the page, no heading ends a page, and the chart of
    reports by district (every figure "1–7") says in words why it has no bars."""
    districts = [make_district(name) for name in ("North Warwickshire", "Rugby", "Warwick")]
    for n, district in enumerate(districts):
        make_reports(2 + n, at=london(2026, 5, 1, 9), district=district, kind="online")
    out = tmp_path / "q1.pdf"
    call_command("board_report", period="2026-Q1", format="pdf", output=str(out))
    pages = read_pages(out.read_bytes(), tmp_path)
    content = content_for_period(Q1, Rule.for_partnership())

    assert_nothing_off_the_page(pages)
    [page] = pages_with(pages, "Contacts by district and sector")
    assert page.width > page.height  # landscape
    for column in ("Local authority", "Business", "Other", "Not known", "Total", "Rugby"):
        assert column in page.joined()
    assert pages[page.number].width < pages[page.number].height  # upright again after it

    text = squeezed(" ".join(p.joined() for p in pages))
    for s in content["sections"]:
        for table in Section.from_dict(s).tables:
            assert squeezed(table.title) in text
            for column in table.columns:
                assert squeezed(column) in text, f"{table.title}: no column {column!r}"
    assert_no_heading_or_caption_at_the_foot(pages, content)

    inbox = Section.from_dict(next(s for s in content["sections"] if s["key"] == "inbox"))
    chart = inbox.chart_for("inbox-district-kind")
    assert '<rect x="170"' not in chart.svg  # no bar drawn
    assert "No bars to draw" in chart.svg and "“1–7”" in chart.svg
    words = "too small to show, given as “1–7” to protect the people counted"
    assert squeezed(words) in text


def test_a_table_too_wide_even_for_landscape_is_split_with_its_row_labels_repeated(tmp_path):
    content = content_for_period(Q1, Rule.for_partnership())
    columns = [f"Partner organisation number {n}" for n in range(1, 25)]
    wide = {
        "key": "test-very-wide",
        "title": "Very wide table",
        "row_heading": "District",
        "rows": ["Rugby", "Warwick"],
        "columns": columns,
        "cells": [[Figure(f"{100 + n}", 100 + n).__dict__ for n in range(24)] for _ in range(2)],
        "row_totals": [Figure("2,676", 2676).__dict__] * 2,
        "column_totals": [Figure(f"{200 + 2 * n}", 200 + 2 * n).__dict__ for n in range(24)],
        "total": Figure("5,352", 5352).__dict__,
    }
    content["sections"][0]["tables"].append(wide)
    pages = read_pages(content_pdf(content), tmp_path)

    assert_nothing_off_the_page(pages)
    on = pages_with(pages, "Very wide table (part")
    parts = sum(p.joined().count("Very wide table (part") for p in on)
    assert parts >= 2
    labels = [t.text for p in on for t in p.texts]
    assert labels.count("Rugby") == parts and labels.count("District") == parts
    assert all(p.width > p.height for p in on)
    text = squeezed(" ".join(p.joined() for p in on))
    for column in columns:
        assert squeezed(column) in text
    assert text.count("2,676") == 2 and text.count("5,352") == 1  # the Total column once


def test_a_long_table_repeats_its_header_row_and_no_heading_ends_a_page(tmp_path):
    for day in range(60):
        make_send(f"Update {day + 1:02d}", at=london(2026, 4, 2, 9) + dt.timedelta(days=day))
    content = content_for_period(Q1, Rule.for_partnership())
    pages = read_pages(content_pdf(content), tmp_path)

    assert_nothing_off_the_page(pages)
    table_pages = [p for p in pages if any(t.text.startswith("Update ") for t in p.texts)]
    assert len(table_pages) >= 2
    headed = [p for p in table_pages if "Opened (indicative)" in p.joined()]
    assert len(headed) >= 2, "the header row does not repeat on the table's second page"
    text = " ".join(p.joined() for p in pages)
    assert all(f"Update {n:02d}" in text for n in range(1, 61))
    assert_no_heading_or_caption_at_the_foot(pages, content)
