"""The take-up report's table cells, one tag per row: a report of a few hundred organisations
rendered each figure as its own template node (and `format_html` per cell cost as much again),
which made the template a quarter of the page's time over the benchmark's 2,000 organisations.
Every text is escaped here (`html.escape`) before it is marked safe."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

NOT_STATED = "not stated"


@register.simple_tag
def figure_cells(figures):
    """A `<td>` with each figure's text."""
    cells = "".join(f"<td>{escape(f.text)}</td>" for f in figures)
    return mark_safe(cells)  # noqa: S308 - every text escaped above


@register.simple_tag
def coverage_cells(cells):
    """For each level: people in date, staff who need it ("not stated" when none said), and
    the percentage in date."""
    html = "".join(
        f"<td>{escape(c.in_date.text)}</td>"
        f"<td>{escape(c.needing.text) if c.needing else NOT_STATED}</td>"
        f"<td>{escape(c.percent.text)}</td>"
        for c in cells
    )
    return mark_safe(html)  # noqa: S308 - every text escaped above
