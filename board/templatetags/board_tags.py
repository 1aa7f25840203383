from django import template

register = template.Library()


@register.filter
def chart_for(section, table_key):
    """The chart drawn from a section's table, if it has one."""
    return section.chart_for(table_key)
