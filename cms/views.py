"""Public views of the hub that are not Wagtail pages."""

from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from wagtail.models import Site

from cms.search import search_hub


def search(request):
    """GET /search/?q=… — pages and materials matching the words typed."""
    query = request.GET.get("q", "")
    results = search_hub(query, site=Site.find_for_request(request))
    return TemplateResponse(
        request,
        "cms/search.html",
        {"search_query": results.query, "results": results, "searched": bool(results.query)},
    )


def favicon(request):
    """/favicon.ico: a permanent redirect to the icon in static files (hashed and cached
    there, so the icon is served by whatever serves static files)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
