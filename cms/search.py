"""Site search over live public pages and the materials library (Wagtail search)."""

from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page

from cms.models import Material
from events.models import EventPage
from events.reports import places_by_event

MAX_QUERY_LENGTH = 200


@dataclass
class SearchResults:
    query: str
    pages: list
    materials: list
    # {event page id: [(session, places left), …]} for the events among `pages`
    event_places: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.pages) + len(self.materials)

    @property
    def page_rows(self) -> list[tuple]:
        """(page, its sessions' places, or None for a page that is not an event)."""
        return [(page, self.event_places.get(page.pk)) for page in self.pages]


def search_hub(query: str, site=None, limit: int = 50) -> SearchResults:
    """Pages (live, public, on ``site`` when given) and listed materials matching ``query``.

    Materials are found by their own title and summary and by their document's title. An empty
    query finds nothing (rather than everything). Events that have ended are left out, as on the
    events list (a training session repeated in the same place has the same title each time);
    each event found comes with its sessions' places, so a full one can say so.
    """
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, [], [])
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    now = timezone.now()
    page_results = [
        page
        for page in pages.specific().search(query)[:limit]
        if not (isinstance(page, EventPage) and page.end_at < now)
    ]
    events = [page.pk for page in page_results if isinstance(page, EventPage)]
    places = places_by_event(events)
    material_results = list(
        Material.objects.listed().select_related("document").search(query)[:limit]
    )
    return SearchResults(
        query, page_results, material_results, {pk: places.get(pk, []) for pk in events}
    )
