"""The take-up report's table bodies, rendered here: a report of a few hundred organisations
rendered each figure (and each row's parts) as its own template node, which made the template
a quarter of the page's time over the benchmark's 2,000 organisations (and `format_html` per
cell cost as much again). Every text is escaped here (`html.escape`) before it is marked safe;
the markup is what the templates wrote."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

NOT_STATED = "not stated"


def _cells(figures) -> str:
    return "".join(f"<td>{escape(f.text)}</td>" for f in figures)


def _coverage_cells(cells) -> str:
    return "".join(
        f"<td>{escape(c.in_date.text)}</td>"
        f"<td>{escape(c.needing.text) if c.needing else NOT_STATED}</td>"
        f"<td>{escape(c.percent.text)}</td>"
        for c in cells
    )


@register.simple_tag
def figure_cells(figures):
    """A `<td>` with each figure's text."""
    return mark_safe(_cells(figures))  # noqa: S308 - every text escaped


@register.simple_tag
def coverage_cells(cells):
    """For each level: people in date, staff who need it ("not stated" when none said), and
    the percentage in date."""
    return mark_safe(_coverage_cells(cells))  # noqa: S308 - every text escaped


@register.simple_tag
def table_rows(rows, limit=0, notes=""):
    """A `learning.disclosed.DisclosedTable`'s rows (the first `limit`; 0: all): the label
    (marked "reported" for partners' figures), a figure per level, the total, and the note
    when the table has a notes column."""
    html = []
    for row in rows[: limit or None]:
        mark = ' <span class="status-tag">reported</span>' if row.reported else ""
        note = f"<td>{escape(row.note)}</td>" if notes else ""
        html.append(
            f"<tr{' data-reported' if row.reported else ''}>"
            f'<th scope="row">{escape(row.label)}{mark}</th>{_cells(row.cells)}'
            f"<td>{escape(row.total.text)}</td>{note}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every text escaped


@register.simple_tag
def coverage_rows(rows, limit=0, organisations=False):
    """Coverage rows (the first `limit`; 0: all): the label, each level's three cells, the
    level furthest below the target and, for organisations, the day of their statement."""
    html = []
    for row in rows[: limit or None]:
        day = f"<td>{row.as_of.day} {row.as_of:%b %Y}</td>" if organisations and row.as_of else ""
        if organisations and not row.as_of:
            day = "<td></td>"
        html.append(
            f'<tr><th scope="row">{escape(row.label)}</th>{_coverage_cells(row.cells)}'
            f"<td data-gap>{escape(row.gap_text)}</td>{day}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every text escaped
