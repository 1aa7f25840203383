"""Site search over live public pages and the materials library (Wagtail search)."""

from dataclasses import dataclass

from wagtail.models import Page

from cms.models import Material

MAX_QUERY_LENGTH = 200


@dataclass
class SearchResults:
    query: str
    pages: list
    materials: list

    @property
    def count(self) -> int:
        return len(self.pages) + len(self.materials)


def search_hub(query: str, site=None, limit: int = 50) -> SearchResults:
    """Pages (live, public, on ``site`` when given) and listed materials matching ``query``.

    Materials are found by their own title and summary and by their document's title. An empty
    query finds nothing (rather than everything).
    """
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, [], [])
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    page_results = list(pages.specific().search(query)[:limit])
    material_results = list(
        Material.objects.listed().select_related("document").search(query)[:limit]
    )
    return SearchResults(query, page_results, material_results)
