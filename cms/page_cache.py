"""Whole-response cache for anonymous visitors, purged whenever published content changes.

Why this rather than Django's per-site cache middleware or template fragments: every public page
shows the menu, the footer settings and glossary markup, so any publish can change any page; one
generation counter bumped on publish purges everything at once with no key bookkeeping. And the
rules of what may be cached are explicit here instead of following from Vary headers:

- only Wagtail pages (marked by the ``before_serve_page`` hook in ``wagtail_hooks``): other apps'
  views, such as token links under /subscribe/, are never cached, whatever they render;
- only GET/HEAD without a query string, from a browser carrying no session or messages cookie
  (signed-in editors always get a fresh page, with the Wagtail user bar);
- only a 200 that sets no cookie, used no CSRF token (no forms are frozen into the cache),
  and is not marked private or no-store;
- never under /admin/ or /documents/ (document serving checks collection privacy each time).

It sits just inside WhiteNoise, before sessions: a miss passes back through the inner middleware
(CSP, X-Frame-Options) before it is stored, and SecurityMiddleware outside adds its headers to
every hit. Each release starts afresh: ``migrate`` (run once per release) purges the cache, so
no page refers to a template or hashed static file name of the previous release.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

GENERATION_KEY = "hub:pagecache:generation"
# /healthz must answer even when the cache (Redis) is down, so it never touches the cache.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/django-admin/", "/healthz")
NO_CACHE_COOKIES = ("messages",)


def cache_seconds() -> int:
    return settings.HUB_PAGE_CACHE_SECONDS


def purge_page_cache() -> None:
    """Forget every cached page: entries of older generations are misses and get replaced."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not any(name in cookies for name in NO_CACHE_COOKIES)


def mark_page_cacheable(request) -> None:
    """Called while Wagtail serves a page: this response may be cached (if the rules allow)."""
    request.hub_page_cacheable = True


def _response_is_cacheable(request, response) -> bool:
    if not getattr(request, "hub_page_cacheable", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the cache; see the module docstring for what is cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0 or not _request_is_cacheable(request):
            return self.get_response(request)
        key = f"hub:pagecache:{request.get_host()}:{request.path}"
        # One round trip for both: the generation and the entry, which remembers the generation
        # it was stored under. An entry from before the last purge is a miss.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, 1, None)
            generation = cache.get(GENERATION_KEY, 1)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            cached = entry[1]
            cached["X-Hub-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if request.method == "GET" and _response_is_cacheable(request, response):
            # Browsers and proxies must revalidate: a publish purges only our cache.
            patch_cache_control(response, public=True, max_age=0)
            cache.set(key, (generation, response), seconds)
            response["X-Hub-Cache"] = "miss"
        return response
