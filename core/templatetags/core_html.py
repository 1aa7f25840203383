"""Template filters for links and rich text (core.html): `{{ url|safe_href }}`,
`{{ html|safe_links }}`, and `{{ value|web_richtext }}` (rich text for a web page: sanitised,
links as the site wrote them)."""

from django import template

from core.html import drop_unsafe_links, richtext_html, safe_href

register = template.Library()

register.filter("safe_href", safe_href)


@register.filter(is_safe=True)
def safe_links(markup):
    return drop_unsafe_links(markup)


@register.filter
def web_richtext(value):
    """Rich text for a web page: sanitised, links as the site wrote them."""
    return richtext_html(value)
