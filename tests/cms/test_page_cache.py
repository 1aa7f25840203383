"""Anonymous visitors get cached pages; editors never do; a publish is visible at once."""

import pytest
from django.core.cache import cache

from cms.models import GlossaryPage


@pytest.fixture
def page_cache(settings, demo_site):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    cache.clear()
    return demo_site


def test_an_anonymous_visitor_gets_the_cached_page_with_its_security_headers(
    client, page_cache, django_assert_max_num_queries
):
    first = client.get("/glossary/")
    with django_assert_max_num_queries(0):
        second = client.get("/glossary/")

    assert first["X-Hub-Cache"] == "miss"
    assert second["X-Hub-Cache"] == "hit"
    assert second.content == first.content
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "SAMEORIGIN"
    assert "Set-Cookie" not in second


def test_publishing_a_page_shows_the_change_at_once(client, page_cache):
    client.get("/glossary/")
    page = GlossaryPage.objects.get()
    page.title = "Glossary of terms"
    page.save_revision().publish()

    response = client.get("/glossary/")

    assert response["X-Hub-Cache"] == "miss"
    assert "<h1>Glossary of terms</h1>" in response.content.decode()


def test_a_change_to_the_menu_purges_every_page(client, page_cache):
    client.get("/prevent-and-channel/")
    page = GlossaryPage.objects.get()
    page.title = "Words we use"
    page.save_revision().publish()

    assert "Words we use" in client.get("/prevent-and-channel/").content.decode()


def test_a_new_glossary_entry_purges_cached_pages(client, page_cache):
    from cms.models import Acronym

    client.get("/prevent-and-channel/")
    Acronym.objects.create(term="Channel", expansion="The Channel support programme")

    html = client.get("/prevent-and-channel/").content.decode()

    assert '<abbr title="The Channel support programme">Channel</abbr>' in html


def test_a_signed_in_editor_never_gets_a_cached_page(client, page_cache, coordinator):
    client.get("/glossary/")
    client.force_login(coordinator)

    response = client.get("/glossary/")

    assert "X-Hub-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()


def test_a_visitor_with_a_session_is_served_fresh(client, page_cache):
    client.get("/glossary/")
    client.cookies["sessionid"] = "anything"

    assert "X-Hub-Cache" not in client.get("/glossary/")


def test_filtered_and_search_results_are_not_cached(client, page_cache):
    assert "X-Hub-Cache" not in client.get("/materials/", {"audience": "parents"})
    assert "X-Hub-Cache" not in client.get("/search/", {"q": "wrap"})


def test_a_page_with_a_form_token_is_never_cached(page_cache, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from cms.page_cache import AnonymousPageCacheMiddleware, mark_page_cacheable

    calls = []

    def view_with_form(request):
        calls.append(request)
        mark_page_cacheable(request)
        get_token(request)  # what {% csrf_token %} does
        return HttpResponse("form")

    middleware = AnonymousPageCacheMiddleware(view_with_form)
    middleware(rf.get("/a-form/"))
    response = middleware(rf.get("/a-form/"))

    assert len(calls) == 2
    assert "X-Hub-Cache" not in response


def test_views_that_are_not_wagtail_pages_are_never_cached(client, page_cache):
    client.get("/search/")

    assert "X-Hub-Cache" not in client.get("/search/")
    assert "X-Hub-Cache" not in client.get("/sitemap.xml")


def test_the_cache_is_off_when_the_setting_is_zero(client, demo_site, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0

    assert "X-Hub-Cache" not in client.get("/glossary/")
