"""Bar charts drawn on the server as SVG from a table's disclosed figures.

Written by hand rather than with a charting library (pygal and the like): the charts are simple
bars, and this way they carry no script and no inline style (the admin's CSP and WeasyPrint both
take them as they are), each series is told apart by texture as well as tone (solid, hatched,
dotted, so a greyscale print still reads), every bar is labelled with its figure as shown
(a hidden figure draws no bar and is labelled "1–7" or "withheld", so a chart never shows more
than its table), and the SVG names itself (`role="img"`, `<title>`, `<desc>`) with the same
text alternative the page prints beside it.
"""

from __future__ import annotations

from django.utils.html import escape

from .sections.base import Chart, Table

_FILLS = [
    ("solid", "#1f1f1f"),
    ("hatch", "#555555"),
    ("dots", "#777777"),
    ("cross", "#333333"),
]
ROW_HEIGHT = 18
GROUP_GAP = 10
LABEL_WIDTH = 170
BAR_WIDTH = 300
VALUE_WIDTH = 80


def _patterns(uid: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f1f1f" stroke-width="3"/></pattern>'
        f'<pattern id="{uid}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ffffff"/>'
        '<circle cx="2.5" cy="2.5" r="1.5" fill="#1f1f1f"/></pattern>'
        f'<pattern id="{uid}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#bbbbbb"/>'
        '<path d="M0 0L6 6M6 0L0 6" stroke="#1f1f1f" stroke-width="1"/></pattern>'
        "</defs>"
    )


def _fill(uid: str, index: int) -> str:
    kind, colour = _FILLS[index % len(_FILLS)]
    return colour if kind == "solid" else f"url(#{uid}-{kind})"


def _truncate(text: str, width: int = 26) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bar_chart(table: Table, *, columns: list[int] | None = None, title: str = "") -> Chart:
    """A horizontal bar chart of `table` (rows as groups, the chosen columns as bars)."""
    columns = list(range(len(table.columns))) if columns is None else columns
    title = title or table.title
    uid = f"chart-{table.key}"
    values = [
        [table.cells[i][j].number for j in columns if table.cells[i][j].number is not None]
        for i in range(len(table.rows))
    ]
    top = max((v for row in values for v in row), default=0) or 1
    legend_height = 22 if len(columns) > 1 else 0
    group_height = ROW_HEIGHT * len(columns) + GROUP_GAP
    height = legend_height + group_height * max(len(table.rows), 1) + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" '
        'class="board-chart">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(text_alternative(table, columns))}</desc>',
        _patterns(uid),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if legend_height:
        x = LABEL_WIDTH
        for n, j in enumerate(columns):
            parts.append(
                f'<rect x="{x}" y="4" width="14" height="14" fill="{_fill(uid, n)}" '
                'stroke="#1f1f1f" stroke-width="1"/>'
                f'<text x="{x + 18}" y="15" font-size="11" fill="#1f1f1f">'
                f"{escape(_truncate(table.columns[j], 16))}</text>"
            )
            x += 110
    for i, label in enumerate(table.rows):
        y0 = legend_height + i * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y0 + ROW_HEIGHT - 5}" font-size="11" '
            f'text-anchor="end" fill="#1f1f1f">{escape(_truncate(label))}</text>'
        )
        for n, j in enumerate(columns):
            figure = table.cells[i][j]
            y = y0 + n * ROW_HEIGHT
            length = 0 if figure.number is None else round(BAR_WIDTH * figure.number / top)
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" '
                    f'height="{ROW_HEIGHT - 4}" fill="{_fill(uid, n)}" stroke="#1f1f1f" '
                    'stroke-width="1"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + ROW_HEIGHT - 5}" font-size="11" '
                f'fill="#1f1f1f">{escape(figure.text)}</text>'
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{legend_height}" x2="{LABEL_WIDTH}" y2="{height - 6}" '
        'stroke="#1f1f1f" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Chart(
        table_key=table.key,
        title=title,
        svg="".join(parts),
        text_alternative=text_alternative(table, columns),
    )


def text_alternative(table: Table, columns: list[int]) -> str:
    """The chart in words: what it shows, then each row's figures as shown."""
    measures = ", ".join(table.columns[j] for j in columns)
    if not table.rows:
        return f"{table.title}: no figures for this period."
    rows = "; ".join(
        f"{label}: " + ", ".join(f"{table.columns[j]} {table.cells[i][j].text}" for j in columns)
        for i, label in enumerate(table.rows)
    )
    return (
        f"Bar chart of {table.title.lower()} ({measures}) by {table.row_heading.lower()}. {rows}."
    )
