from django import template

from core.health import background_warning
from core.roles import is_coordinator

register = template.Library()


@register.inclusion_tag("core/background_warning_banner.html", takes_context=True)
def background_warning_banner(context):
    """The warning on every admin page, for coordinators only (see core.health)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"message": background_warning() if is_coordinator(user) else ""}
