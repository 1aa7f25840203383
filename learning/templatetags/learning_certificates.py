from django import template

from ..certificates import format_code

register = template.Library()


@register.filter
def certificate_code(code: str) -> str:
    """A stored code as printed: 7KQ4M-2XH9P."""
    return format_code(code)
