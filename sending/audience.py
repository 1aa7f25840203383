"""Who a send will reach, before it goes: the list and the left-out counts the confirm pages of a
newsletter issue and of an alert show, and the same list as a CSV.

The list is `networks.segments.resolve_audience` with the same arguments the engine freezes
(`sending.engine.actions._freeze_audience`), minus the addresses an earlier send of the same
page already holds (`Delivery.content_key`): so the people listed are exactly the deliveries a
confirm now would create. Everyone the chosen segments name but the list leaves out is counted
once, under the first reason that applies, in the order of `LEFT_OUT`.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.cache import add_never_cache_headers

from core.csv_export import csv_response
from networks.models import Contact, Subscription, Suppression
from networks.partner_pages import is_partner_only
from networks.segments import resolve_audience, segment_q

from .models import Delivery, Send

# The confirm pages' own fields for the list (search, download): never carried into the send.
AUDIENCE_FIELDS = ("audience_q", "audience_search", "audience_csv")

# How many rows the confirm page shows; the CSV has them all.
SHOWN = 200

# (key, what the confirm page says), in the order a person is attributed to a reason.
LEFT_OUT = (
    ("inactive", "archived or erased"),
    ("suppressed", "suppressed (an address that bounced, complained or was blocked)"),
    ("unsubscribed", "unsubscribed from the topic"),
    ("not_subscribed", "not subscribed to the topic (never, or not yet confirmed)"),
    ("outside_districts", "outside the alert's districts"),
    ("not_partner", "not a partner (the page is for partners only)"),
    ("already_sent", "already sent it by an earlier send"),
)


@dataclass
class Audience:
    """The people a send would reach now (`contacts`, ordered by name), why each is in it
    (`segments_of`), and how many the chosen segments name but it leaves out, by reason."""

    contacts: QuerySet
    segments: list
    left_out: list = field(default_factory=list)  # [(label, count)] with count > 0
    already: int = 0

    def segments_of(self, contacts) -> dict[int, list[str]]:
        """{contact id: names of the chosen segments naming them}: one query per segment."""
        ids = [c.pk for c in contacts]
        found: dict[int, list[str]] = {pk: [] for pk in ids}
        for segment in self.segments:
            for pk in Contact.objects.filter(segment_q(segment), id__in=ids).values_list(
                "pk", flat=True
            ):
                found[pk].append(segment.name)
        return found

    def rows(self, contacts=None):
        """[(contact, districts, segment names)] for `contacts` (default: everyone)."""
        contacts = list(self.contacts if contacts is None else contacts)
        why = self.segments_of(contacts)
        return [
            (c, ", ".join(d.name for d in c.districts.all()), ", ".join(why[c.pk]))
            for c in contacts
        ]


def audience_for(
    *, kind: str, page, topic: str, segments, exclude_segments=(), districts=()
) -> Audience:
    """The audience of a send of `page` (of SendKind `kind`) to `segments`, as the engine would
    freeze it now. `districts` are pks (an alert's area); none means anywhere."""
    segments, exclude_segments = list(segments), list(exclude_segments)
    district_ids = [getattr(d, "pk", d) for d in districts]
    audience = resolve_audience(segments, topic, exclude_segments, district_ids, page=page)
    key = Send(kind=kind, source_page=page).content_key
    held = Delivery.objects.filter(content_key=key).values("email") if key else None
    reached = audience.exclude(email__in=held) if held is not None else audience

    subscribed = Subscription.objects.filter(topic=topic, status=Subscription.Status.SUBSCRIBED)
    unsubscribed = Subscription.objects.filter(topic=topic, status=Subscription.Status.UNSUBSCRIBED)
    conditions = {  # who passes each test, in the order of LEFT_OUT
        "inactive": Q(is_active=True, erased_at__isnull=True),
        "suppressed": ~Q(email__in=Suppression.objects.values("email")),
        "unsubscribed": ~Q(id__in=unsubscribed.values("contact_id")),
        "not_subscribed": Q(id__in=subscribed.values("contact_id")),
    }
    if district_ids:
        in_area = Contact.districts.through.objects.filter(district_id__in=district_ids)
        conditions["outside_districts"] = Q(id__in=in_area.values("contact_id"))
    if page is not None and is_partner_only(page):
        conditions["not_partner"] = Q(id__in=Contact.objects.partners().values("id"))
    if held is not None:
        conditions["already_sent"] = ~Q(email__in=held)

    named = Q(pk__in=[])
    for segment in segments:
        named |= segment_q(segment)
    remaining = Contact.objects.filter(named)
    for segment in exclude_segments:
        remaining = remaining.exclude(segment_q(segment))
    counts = {}
    before = remaining.count()
    for key_, _label in LEFT_OUT:
        if key_ not in conditions:
            continue
        remaining = remaining.filter(conditions[key_])
        after = remaining.count()
        counts[key_] = before - after
        before = after
    return Audience(
        contacts=reached.select_related("organisation")
        .prefetch_related("districts")
        .order_by("last_name", "first_name", "email"),
        segments=segments,
        left_out=[(label, counts[k]) for k, label in LEFT_OUT if counts.get(k)],
        already=counts.get("already_sent", 0),
    )


def organisation_of(contact) -> str:
    return contact.organisation.name if contact.organisation_id else contact.organisation_name


def search(contacts: QuerySet, query: str) -> QuerySet:
    """`contacts` whose name, email or organisation contains every word of `query`."""
    for word in query.split():
        contacts = contacts.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return contacts


def confirm_context(audience: Audience, query: str = "") -> dict:
    """What `sending/admin/_audience.html` shows: the first SHOWN rows matching `query`."""
    query = (query or "").strip()[:100]
    listed = search(audience.contacts, query) if query else audience.contacts
    total = listed.count()
    return {
        "audience_rows": [
            (c, organisation_of(c), districts, why)
            for c, districts, why in audience.rows(listed[:SHOWN])
        ],
        "audience_total": total,
        "audience_more": max(0, total - SHOWN),
        "audience_query": query,
        "left_out": audience.left_out,
    }


def audience_csv(audience: Audience, filename: str):
    """The whole list as a CSV download through `core.csv_export` (every cell formula-safe),
    never cached: it names people."""
    header = ["Name", "Email", "Organisation", "Districts", "Segments"]

    def rows():
        yield header
        contacts = audience.contacts
        # In chunks so the "why" lookup stays one query per segment per chunk.
        chunk = 2000
        start = 0
        while True:
            part = list(contacts[start : start + chunk])
            if not part:
                return
            for contact, districts, why in audience.rows(part):
                yield [contact.full_name, contact.email, organisation_of(contact), districts, why]
            start += chunk

    response = csv_response(filename, rows())
    add_never_cache_headers(response)
    return response
