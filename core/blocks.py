"""StreamField blocks more than one app's models use (a link that may be a page or an address)."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks


def validate_link_target(value: str) -> None:
    """A link is a full http(s) address or a path on this site ("/report/"): the site's own
    apps (subscribe, report) are not Wagtail pages, and a relative path survives a change of
    domain. Anything else (javascript:, //other.host) is refused."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//"):
        return
    parsed = urlparse(value)
    if parsed.scheme in {"http", "https"} and parsed.netloc:
        return
    raise ValidationError("Enter a full address starting https:// or a path starting with /.")


class LinkTargetBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_link_target])
        kwargs.setdefault("help_text", "Used when no page is chosen: https://… or /a/path/.")
        super().__init__(**kwargs)
