"""Bar charts drawn on the server as SVG from a table's disclosed figures.

Written by hand rather than with a charting library (pygal and the like): the charts are simple
bars, and this way they carry no script and no inline style (the admin's CSP and WeasyPrint both
take them as they are), each series is told apart by texture as well as tone (solid, hatched,
dotted, so a greyscale print still reads), every bar is labelled with its figure as shown
(a hidden figure draws no bar and is labelled "1–7" or "withheld", so a chart never shows more
than its table), and the SVG names itself (`role="img"`, `<title>`, `<desc>`) with the same
text alternative the page prints beside it.

Nothing is clipped: the legend flows onto as many lines as its labels need, row labels wrap
(up to three lines), and a chart of many rows is drawn as several panels (one `<svg>` each, on
the same scale), each short enough for a printed page. A chart with no bar to draw (every
figure hidden, or 0) says so in words instead of showing an empty frame.
"""

from __future__ import annotations

import textwrap

from django.utils.html import escape

from .sections.base import Chart, Table

_FILLS = [
    ("solid", "#1f1f1f"),
    ("hatch", "#555555"),
    ("dots", "#777777"),
    ("cross", "#333333"),
    ("blank", "#ffffff"),
    ("rows", "#555555"),
]
WIDTH = 550
ROW_HEIGHT = 18
GROUP_GAP = 10
LABEL_WIDTH = 170
BAR_WIDTH = 300
FONT = 11
LINE = 13  # a line of 11 px text
# DejaVu Sans at 11 px is about 6.2 px a character on average; 6.6 errs on the side of room.
CHAR_WIDTH = 6.6
LABEL_CHARS = int((LABEL_WIDTH - 8) / CHAR_WIDTH)
LABEL_LINES = 3
LEGEND_LINE = 18
# The most one panel draws, in SVG units: drawn 180 mm wide (an A4 page inside its margins),
# 600 units are about 196 mm, so a panel fits on a page below its heading.
PANEL_HEIGHT = 600


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
        f'<pattern id="{uid}-rows" width="6" height="4" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="4" fill="#ffffff"/>'
        '<line x1="0" y1="1" x2="6" y2="1" stroke="#1f1f1f" stroke-width="1.5"/></pattern>'
        "</defs>"
    )


def _fill(uid: str, index: int) -> str:
    kind, colour = _FILLS[index % len(_FILLS)]
    return colour if kind in ("solid", "blank") else f"url(#{uid}-{kind})"


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def _lines(text: str, chars: int = LABEL_CHARS, most: int = LABEL_LINES) -> list[str]:
    """`text` wrapped to `chars` a line, at most `most` lines (the last one cut with "…")."""
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], _fit(" ".join(lines[most - 1 :]), chars)]
    return lines


def _text(x: float, y: float, lines: list[str], *, anchor: str = "start") -> str:
    """A `<text>` of one or more lines, the first line's baseline at `y`."""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    if len(lines) == 1:
        return (
            f'<text x="{x}" y="{y}" font-size="{FONT}"{anchor_attr} fill="#1f1f1f">'
            f"{escape(lines[0])}</text>"
        )
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" font-size="{FONT}"{anchor_attr} fill="#1f1f1f">{spans}</text>'


def _legend(uid: str, labels: list[str]) -> tuple[list[str], int]:
    """The legend's parts, flowing onto as many lines as it needs, and its height."""
    if len(labels) < 2:
        return [], 0
    parts, x, y = [], 4.0, 4
    for n, label in enumerate(labels):
        text = _fit(label, int((WIDTH - 30) / CHAR_WIDTH))
        item = 18 + len(text) * CHAR_WIDTH + 16
        if x > 4 and x + item > WIDTH:
            x, y = 4.0, y + LEGEND_LINE
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="14" height="14" fill="{_fill(uid, n)}" '
            'stroke="#1f1f1f" stroke-width="1"/>' + _text(round(x + 18), y + 11, [text])
        )
        x += item
    return parts, y + LEGEND_LINE + 4


def _hidden_texts(table: Table, columns: list[int]) -> list[str]:
    """The texts hidden figures of the chart show ("1–7", "withheld"), in order of appearance."""
    texts: list[str] = []
    for row in table.cells:
        for j in columns:
            figure = row[j]
            if figure.number is None and figure.text not in texts:
                texts.append(figure.text)
    return texts


def _quoted(texts: list[str]) -> str:
    quoted = [f"“{t}”" for t in texts]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def no_bars_reason(table: Table, columns: list[int]) -> str:
    """Why a chart draws no bar at all, in words ("" when it draws at least one)."""
    numbers = [table.cells[i][j].number for i in range(len(table.rows)) for j in columns]
    if any(n for n in numbers):
        return ""
    if not table.rows:
        return "No bars to draw: there is nothing to count in this period."
    hidden = _hidden_texts(table, columns)
    if not hidden:
        return "No bars to draw: every figure in this chart is 0 in this period."
    some_zero = any(n == 0 for n in numbers)
    return (
        f"No bars to draw: every figure in this chart is {'0 or ' if some_zero else ''}"
        f"too small to show, given as {_quoted(hidden)} to protect the people counted. "
        "The table gives each figure as shown."
    )


def _open_svg(uid: str, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" '
        'font-family="DejaVu Sans, Verdana, sans-serif" class="board-chart">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        _patterns(uid),
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _message_svg(uid: str, title: str, desc: str, message: str) -> str:
    lines = textwrap.wrap(message, int((WIDTH - 24) / CHAR_WIDTH))
    height = 16 + LINE * len(lines) + 10
    parts = _open_svg(uid, height, title, desc)
    parts.append(
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{height - 2}" fill="#ffffff" '
        'stroke="#1f1f1f" stroke-width="1" stroke-dasharray="4 3"/>'
    )
    parts.append(_text(12, 22, lines))
    parts.append("</svg>")
    return "".join(parts)


def _group_height(label_lines: int, bars: int) -> int:
    return max(ROW_HEIGHT * bars, LINE * label_lines + 5) + GROUP_GAP


def _panels(heights: list[int], budget: int) -> list[range]:
    """Rows split into consecutive panels, each within `budget` high (at least one row)."""
    panels, start, used = [], 0, 0
    for i, h in enumerate(heights):
        if i > start and used + h > budget:
            panels.append(range(start, i))
            start, used = i, 0
        used += h
    panels.append(range(start, len(heights)))
    return panels


def bar_chart(table: Table, *, columns: list[int] | None = None, title: str = "") -> Chart:
    """A horizontal bar chart of `table` (rows as groups, the chosen columns as bars)."""
    columns = list(range(len(table.columns))) if columns is None else columns
    title = title or table.title
    uid = f"chart-{table.key}"
    alternative = text_alternative(table, columns)
    reason = no_bars_reason(table, columns)
    if reason:
        return Chart(
            table_key=table.key,
            title=title,
            svg=_message_svg(uid, title, alternative, reason),
            text_alternative=alternative,
        )
    top = max(
        (table.cells[i][j].number or 0 for i in range(len(table.rows)) for j in columns),
        default=0,
    )
    labels = [_lines(label) for label in table.rows]
    heights = [_group_height(len(lines), len(columns)) for lines in labels]
    names = [table.columns[j] for j in columns]
    legend_height = _legend(uid, names)[1]
    panels = _panels(heights, PANEL_HEIGHT - legend_height)
    svgs = []
    for number, rows in enumerate(panels, start=1):
        panel_uid = uid if len(panels) == 1 else f"{uid}-{number}"
        panel_title = title
        panel_desc = alternative
        if len(panels) > 1:
            panel_title = f"{title} (part {number} of {len(panels)})"
            panel_desc = text_alternative(table, columns, rows=rows)
        svgs.append(
            _bars_svg(
                table,
                columns,
                rows,
                uid=panel_uid,
                title=panel_title,
                desc=panel_desc,
                labels=labels,
                heights=heights,
                top=top,
                legend=_legend(panel_uid, names)[0],  # each panel keeps its legend
                legend_height=legend_height,
            )
        )
    return Chart(table_key=table.key, title=title, svg="".join(svgs), text_alternative=alternative)


def _bars_svg(
    table, columns, rows, *, uid, title, desc, labels, heights, top, legend, legend_height
) -> str:
    height = legend_height + sum(heights[i] for i in rows) + 6
    parts = _open_svg(uid, height, title, desc)
    parts += legend
    y0 = legend_height
    for i in rows:
        parts.append(_text(LABEL_WIDTH - 6, y0 + ROW_HEIGHT - 5, labels[i], anchor="end"))
        for n, j in enumerate(columns):
            figure = table.cells[i][j]
            y = y0 + n * ROW_HEIGHT
            length = 0 if not figure.number else max(round(BAR_WIDTH * figure.number / top), 1)
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" '
                    f'height="{ROW_HEIGHT - 4}" fill="{_fill(uid, n)}" stroke="#1f1f1f" '
                    'stroke-width="1"/>'
                )
            parts.append(_text(LABEL_WIDTH + length + 4, y + ROW_HEIGHT - 5, [figure.text]))
        y0 += heights[i]
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{legend_height}" x2="{LABEL_WIDTH}" y2="{height - 4}" '
        'stroke="#1f1f1f" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def text_alternative(table: Table, columns: list[int], *, rows: range | None = None) -> str:
    """The chart in words: what it shows, why it has no bars if it has none, then each row's
    figures as shown (`rows`: only those, for one panel of a long chart)."""
    measures = ", ".join(table.columns[j] for j in columns)
    if not table.rows:
        return f"{table.title}: no figures for this period."
    shown = range(len(table.rows)) if rows is None else rows
    figures = "; ".join(
        f"{table.rows[i]}: "
        + ", ".join(f"{table.columns[j]} {table.cells[i][j].text}" for j in columns)
        for i in shown
    )
    about = f"Bar chart of {table.title.lower()} ({measures}) by {table.row_heading.lower()}."
    reason = no_bars_reason(table, columns)
    if reason:
        about += " " + reason
    elif hidden := _hidden_texts(table, columns):
        about += f" A figure given as {_quoted(hidden)} draws no bar."
    return f"{about} {figures}."
