from django import template

from core.health import background_warning
from core.wagtail_hooks import sees_background_warning

register = template.Library()


@register.inclusion_tag("core/background_warning_banner.html", takes_context=True)
def background_warning_banner(context):
    """The warning on every admin page, for coordinators only (see core.health)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"message": background_warning() if sees_background_warning(user) else ""}
