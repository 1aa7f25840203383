"""A board report's content — its period's disclosed sections, the narrative per theme and the
method note — as one JSON document, and that document rendered: in the admin, as a PDF
(WeasyPrint, tagged PDF/UA) and as one CSV per table.

The same document is what publishing freezes (`board.actions.publish_report_snapshot`), so
the admin page, the PDF and the CSVs of a published report all read the snapshot, never the
live figures.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core.disclosure import Rule, method_note
from core.partnership import partnership
from core.pdf import render_pdf

from .pdf_layout import lay_out
from .periods import Period
from .sections import Section, all_sections, by_theme
from .themes import THEMES


def build_content(
    *, period: Period, rule: Rule, title: str, kind_label: str, summary: str = "", narratives=None
) -> dict:
    """The document for `period` under `rule`, as JSON-ready data."""
    sections = all_sections(period, rule)
    return {
        "title": title,
        "kind_label": kind_label,
        "partnership": partnership().name,
        "period": {"key": period.key, "label": period.label, "kind": period.kind},
        "rule": {"threshold": rule.threshold, "rounding": rule.rounding, "exact": rule.exact},
        "summary": summary,
        "narratives": {str(n): (narratives or {}).get(n, "") for n in THEMES},
        "sections": [s.to_dict() for s in sections],
        "method_note": method_note(rule),
        "generated_at": timezone.now().isoformat(),
    }


def content_for_page(page) -> dict:
    """A report page's document from today's figures (preview; frozen on publish)."""
    return build_content(
        period=Period.parse(page.period_key),
        rule=Rule.for_partnership(page.get_site()),
        title=page.title,
        kind_label=page.get_kind_display(),
        summary=page.summary,
        narratives=page.narratives(),
    )


def content_for_period(period: Period, rule: Rule | None = None) -> dict:
    """The document for a period with no report page (the `board_report` command)."""
    kind = "Annual report" if period.kind == "year" else "Quarterly PWG report"
    return build_content(
        period=period,
        rule=rule or Rule.for_partnership(),
        title=f"{kind}: {period.label}",
        kind_label=kind,
    )


def document_context(content: dict) -> dict:
    sections = [Section.from_dict(s) for s in content["sections"]]
    themes = [
        (n, name, theme_sections, content["narratives"].get(str(n), ""))
        for n, name, theme_sections in by_theme(sections)
    ]
    return {**content, "themes": themes}


def report_context(snapshot) -> dict:
    return {
        **document_context(snapshot.content),
        "snapshot": snapshot,
        "page_title": snapshot.title,
        "header_icon": "doc-full",
    }


def render_document_html(content: dict, *, for_pdf: bool = False) -> str:
    context = {**document_context(content), "for_pdf": for_pdf}
    if for_pdf:  # tables too wide for an upright A4 page: landscape, or split by columns
        sections = [s for _, _, theme_sections, _ in context["themes"] for s in theme_sections]
        context["landscape_tables"] = lay_out(sections)
    return render_to_string("board/report_document.html", context)


def content_pdf(content: dict) -> bytes:
    return render_pdf(render_document_html(content, for_pdf=True))


def snapshot_pdf(snapshot) -> bytes:
    return content_pdf(snapshot.content)


def filename(snapshot) -> str:
    return slugify(f"{snapshot.title} {snapshot.period_key}") or "board-report"


def table_csv_rows(table, period_label: str, note: str) -> list[list[str]]:
    """One table as CSV rows: its title and period, the table, then the method note."""
    rows = [[table.title], [f"Period: {period_label}"], *table.csv_rows()]
    if table.note:
        rows.append([table.note])
    rows.append([note])
    return rows


def content_tables(content: dict):
    for s in content["sections"]:
        yield from Section.from_dict(s).tables


def content_csv_rows(content: dict, table_key: str | None = None) -> list[list[str]] | None:
    """Rows of one table (or, without a key, every table one after another) of a document."""
    out: list[list[str]] = []
    for table in content_tables(content):
        if table_key is None or table.key == table_key:
            out += table_csv_rows(table, content["period"]["label"], content["method_note"])
            out.append([])
    if not out:
        return None
    return out[:-1]


def snapshot_table_csv(snapshot, table_key: str):
    return content_csv_rows(snapshot.content, table_key)


def render_report_preview(request, page):
    from django.http import HttpResponse

    return HttpResponse(render_document_html(content_for_page(page)))
