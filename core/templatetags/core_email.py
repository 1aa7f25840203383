"""Tags of the one email shell: `{% email_partnership as ph %}` and `{% merge "first_name" %}`."""

from django import template

from core.email import brand_colour, merge_tag
from core.models import PartnershipSettings
from core.partnership import partnership

register = template.Library()


@register.simple_tag(takes_context=True)
def email_partnership(context):
    """The partnership an email speaks for: the settings the caller passed as `partnership`
    (a PartnershipSettings), else those of `site` or `request` in the context, else the default
    site's; as {"settings", "name", "brand_colour"}."""
    given = context.get("partnership")
    if isinstance(given, PartnershipSettings):
        settings = given
    else:
        settings = partnership(context.get("request") or context.get("site"))
    return {
        "settings": settings,
        "name": settings.name or (given if isinstance(given, str) else ""),
        "brand_colour": brand_colour(settings),
    }


register.simple_tag(merge_tag, name="merge")
