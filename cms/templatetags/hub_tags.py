"""Template tags and filters of the hub's public templates."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from cms.glossary import mark_up_acronyms

register = template.Library()


@register.filter(is_safe=True)
def glossary(value):
    """Mark glossary acronyms up with <abbr> in already-rendered HTML (e.g. after |richtext)."""
    return mark_safe(mark_up_acronyms(str(conditional_escape(value))))  # noqa: S308


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's top-level pages that editors ticked "Show in menus" for, in tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    items = []
    for page in site.root_page.get_children().live().public().in_menu().only("title", "url_path"):
        url = page.get_url(request)
        is_current = bool(
            current is not None
            and isinstance(current, Page)
            and current.url_path.startswith(page.url_path)
        )
        items.append({"title": page.title, "url": url, "is_current": is_current})
    return items


@register.simple_tag(takes_context=True)
def link_href(context, value):
    """The address of a link block value with an optional ``page`` and a fallback ``url``."""
    page = value.get("page")
    if page is not None:
        return page.specific_deferred.get_url(context.get("request")) or ""
    return value.get("url") or ""


@register.filter
def document_description(document):
    """ "PDF, 12.3 KB" for a Wagtail document; tells people what they will download."""
    parts = [document.file_extension.upper()] if document.file_extension else []
    try:
        size = document.get_file_size()
    except OSError:
        size = None
    if size:
        parts.append(filesizeformat(size))
    return ", ".join(parts)
