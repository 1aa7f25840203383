"""Filters the newsletter templates use so rich text is always sanitised, for each output
(`web_richtext`, for a web page, is core_html's)."""

from django import template

from core.html import richtext_html
from newsletters.blocks import absolute_url
from sending import rendering

register = template.Library()


@register.filter
def email_richtext(value):
    """Rich text for the HTML email: sanitised, every link absolute."""
    return richtext_html(value, absolute=True)


@register.filter
def text_richtext(value):
    """Rich text for the plain-text email: sanitised, then written out with URLs in brackets."""
    return rendering.richtext_text(value)


@register.filter
def upper_literal(value):
    """Capitals for a text-part heading, merge fields left as the engine reads them."""
    return rendering.upper_literal(str(value or ""))


@register.filter
def without_merge_fields(value):
    """Text for the public page: merge fields taken out neatly ("Hello {{ first_name }}" →
    "Hello")."""
    return rendering.without_merge_fields(value)


@register.filter
def absolute(url):
    return absolute_url(url or "")


@register.simple_tag
def email_image(image, width=560):
    """A rendition at twice `width` for sharp screens, as {src (absolute), width, height, alt}."""
    rendition = image.get_rendition(f"width-{width * 2}")
    display_width = min(width, rendition.width)
    height = round(rendition.height * display_width / rendition.width) if rendition.width else None
    alt = "" if getattr(image, "decorative", False) else getattr(image, "contextual_alt_text", None)
    return {
        "src": absolute_url(rendition.url),
        "width": display_width,
        "height": height,
        "alt": alt if alt is not None else image.title,
    }
