"""Absolute links come from SITE_URL, and Wagtail's default Site is kept in step with it.

Wagtail builds `page.full_url`, the sitemap and canonical links from its Site's hostname and port;
SITE_URL is what emails, calendar files and every other outward link use. `sync_default_site()`
(run after every `migrate` and by `seed_demo`) gives the default Site SITE_URL's hostname and port,
so both say the same address, port included.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_address() -> tuple[str, int]:
    """(hostname, port) of SITE_URL; the port is the scheme's default when none is written."""
    parts = urlsplit(settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.hostname or "localhost"), port


def site_url(path: str = "/") -> str:
    """`path` (site-relative, or already absolute) as an absolute address on SITE_URL."""
    if path.startswith(("http://", "https://")):
        parts = urlsplit(path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def page_url(page) -> str:
    """The absolute public address of a Wagtail page on SITE_URL ("" for a page not routable)."""
    parts = page.get_url_parts() if page is not None else None
    return site_url(parts[2]) if parts else ""


def sync_default_site(**kwargs) -> None:
    """Give the default Wagtail Site SITE_URL's hostname and port (no change when they match).
    Connected to `post_migrate`; does nothing before Wagtail's tables exist."""
    from django.db.utils import DatabaseError
    from wagtail.models import Site

    sender = kwargs.get("sender")
    if sender is not None and getattr(sender, "label", "") != "wagtailcore":
        return
    hostname, port = site_address()
    try:
        Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
            hostname=hostname, port=port
        )
    except DatabaseError:
        return  # a database being set up without Wagtail's tables yet
    Site.clear_site_root_paths_cache()
