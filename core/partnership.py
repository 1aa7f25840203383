"""The one way to read the partnership's settings (name, brand, help lines, footer).

Every app reads them through `partnership()`: it finds the site the same way for a request, a
page's site or no context at all (a Celery task, a management command), so an email and the page
that links to it always name the same partnership.
"""

from django.http import HttpRequest
from wagtail.models import Site

from core.models import PartnershipSettings


def partnership(request_or_site: HttpRequest | Site | None = None) -> PartnershipSettings:
    """The settings of the request's site, of the given Site, or of the default site.

    Guarantees a PartnershipSettings: when there is no site at all (an empty database) it is an
    unsaved one holding the defaults. For a request the answer is cached on the request (Wagtail's
    `for_request`), so a page that reads it many times queries once. Raises nothing.
    """
    if isinstance(request_or_site, HttpRequest):
        if Site.find_for_request(request_or_site) is not None:
            return PartnershipSettings.for_request(request_or_site)
        request_or_site = None
    site = request_or_site
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return PartnershipSettings()
    return PartnershipSettings.for_site(site)
