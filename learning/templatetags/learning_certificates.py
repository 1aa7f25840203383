"""Template helpers for certificates on staff pages (a contact's training list)."""

from django import template

from ..certificates import format_code
from ..models import Certificate

register = template.Library()


@register.filter
def certificate_code(code: str) -> str:
    """A stored code as printed: 7KQ4M-2XH9P."""
    return format_code(code)


@register.simple_tag
def certificate_for(completion_id):
    """The certificate of a completion (a row of `learning.currency.training_of`), or None."""
    return (
        Certificate.objects.filter(completion_id=completion_id).select_related("completion").first()
    )
