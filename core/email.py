"""What every HTML email's shell needs: the partnership's brand colour (checked, so a typed value
can never break out of a style attribute) and the merge-field tag as the engine reads it.

The shell itself is one template, `core/templates/core/email/base.html`; every app's HTML email
extends it (see its blocks).
"""

import re

from django.utils.safestring import SafeString, mark_safe

DEFAULT_BRAND_COLOUR = "#1d4f76"
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def brand_colour(settings) -> str:
    """The settings' brand colour when it is a #rrggbb hex colour, else the default."""
    colour = getattr(settings, "brand_colour", "") or ""
    return colour if _HEX_COLOUR.match(colour) else DEFAULT_BRAND_COLOUR


def merge_tag(name: str) -> SafeString:
    """`{{ name }}`, the literal merge field the sending engine fills per recipient. Raises
    ValueError for a name that cannot be a merge field."""
    if not name.isidentifier():
        raise ValueError(f"{name!r} cannot be a merge field name")
    return mark_safe("{{ " + name + " }}")  # noqa: S308 - an identifier, nothing to escape
