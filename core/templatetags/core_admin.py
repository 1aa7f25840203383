from django import template
from django.urls import reverse

from core.health import background_warning
from core.roles import is_coordinator

register = template.Library()


@register.inclusion_tag("core/background_warning_banner.html", takes_context=True)
def background_warning_banner(context):
    """The warning on every admin page, for coordinators only (see core.health)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"message": background_warning() if is_coordinator(user) else ""}


@register.inclusion_tag("core/admin/_link_bar.html")
def admin_link_bar(*labels_and_url_names, pk=None):
    """The row of links under the heading of an app's admin screens (events, returns): pairs of
    label and URL name, each URL reversed with `pk` when given, e.g.
    `{% admin_link_bar "Answers" "events_admin:list" "Invite" "events_admin:invite" pk=7 %}`."""
    if len(labels_and_url_names) % 2:
        raise template.TemplateSyntaxError("admin_link_bar takes pairs of label and URL name")
    args = [] if pk is None else [pk]
    pairs = zip(labels_and_url_names[::2], labels_and_url_names[1::2], strict=True)
    return {"links": [(label, reverse(name, args=args)) for label, name in pairs]}
