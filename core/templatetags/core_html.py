"""Template filters for links: `{{ url|safe_href }}` and `{{ html|safe_links }}` (core.html)."""

from django import template

from core.html import drop_unsafe_links, safe_href

register = template.Library()

register.filter("safe_href", safe_href)


@register.filter(is_safe=True)
def safe_links(markup):
    return drop_unsafe_links(markup)
