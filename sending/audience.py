"""Who a send will reach, before it goes: the list and the left-out counts every confirm page
shows (a newsletter issue, an alert, an invitation, a return, a re-send), and the same list as
a CSV.

Each list is the very query the action then freezes, so the people listed are exactly the
deliveries a confirm now would create:
- `audience_for` — a send to segments: `networks.segments.resolve_audience` with the arguments
  the engine freezes (`sending.engine.actions._freeze_audience`), minus the people who already
  have it: by default the addresses an earlier send of the same page holds
  (`Delivery.content_key`); an invitation passes its own (the event's invitations).
- `contacts_audience` — a message to contacts the caller chose (a return's Prevent leads).
- `resend_audience` — a re-send to people already reached (`sending.engine.resend`).
Everyone the choice names but the list leaves out is counted once, under the first reason that
applies, in the order of `LEFT_OUT`.

Who sees the list: whoever may send the thing (each app's view checks that first). A viewer
limited to some districts (a district responder sending an alert, a district lead given a send
permission) is listed only the people in their districts (`in_view`): the others are counted,
never named, searched or exported.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from core import roles
from core.csv_export import csv_response
from networks.models import Contact, Subscription, Suppression
from networks.partner_pages import is_partner_only
from networks.segments import named_by, resolve_audience, segment_q

from .engine.resend import reached_deliveries, resend_recipients
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
    ("not_chosen", "not among the addresses chosen"),
    ("already_sent", "already sent it by an earlier send"),
)

Why = Callable[[list], dict[int, str]]


@dataclass
class Audience:
    """The people a send would reach now (`contacts`, ordered by name), why each is in it
    (`why(contacts)` → {contact id: text}), and how many the choice names but it leaves out,
    by reason."""

    contacts: QuerySet
    why: Why
    left_out: list = field(default_factory=list)  # [(label, count)] with count > 0
    already: int = 0
    why_heading: str = "Segments"  # the heading of the why column (page and CSV)

    def rows(self, contacts):
        """[(contact, districts, why)] for `contacts` (some of `self.contacts`)."""
        contacts = list(contacts)
        why = self.why(contacts)
        return [
            (c, ", ".join(d.name for d in c.districts.all()), why.get(c.pk, "")) for c in contacts
        ]


def in_view(contacts: QuerySet, viewer) -> QuerySet:
    """The people of `contacts` that `viewer` may be listed: everyone for a viewer not limited
    to districts (a coordinator, the police team); for a district responder or a district lead,
    those in one of the districts of their scope."""
    if viewer is None or roles.is_coordinator(viewer):
        return contacts
    scopes = []
    if roles.is_district_responder(viewer):
        scopes.append(roles.districts(viewer, roles.DISTRICT_RESPONDER))
    if roles.is_district_lead(viewer):
        scopes.append(roles.districts(viewer, roles.DISTRICT_LEAD))
    if not scopes:
        return contacts
    districts = frozenset().union(*scopes)
    in_scope = Contact.districts.through.objects.filter(district_id__in=districts)
    return contacts.filter(id__in=in_scope.values("contact_id"))


def by_segments(segments) -> Why:
    """Why each is in it: the names of the chosen segments naming them (one query per
    segment)."""
    segments = list(segments)

    def why(contacts) -> dict[int, str]:
        ids = [c.pk for c in contacts]
        found: dict[int, list[str]] = {pk: [] for pk in ids}
        for segment in segments:
            named = Contact.objects.filter(segment_q(segment), id__in=ids)
            for pk in named.values_list("pk", flat=True):
                found[pk].append(segment.name)
        return {pk: ", ".join(names) for pk, names in found.items()}

    return why


def _audience(reached, named, conditions: dict, why: Why, labels=None, why_heading="Segments"):
    """An Audience of `reached`, counting who of `named` fails each of `conditions` (key → the Q
    everyone kept passes), in the order of LEFT_OUT; `labels` replace LEFT_OUT's words."""
    labels = {**dict(LEFT_OUT), **(labels or {})}
    counts = {}
    remaining = named
    before = remaining.count()
    for key, _label in LEFT_OUT:
        if key not in conditions:
            continue
        remaining = remaining.filter(conditions[key])
        after = remaining.count()
        counts[key] = before - after
        before = after
    return Audience(
        contacts=reached.select_related("organisation")
        .prefetch_related("districts")
        .order_by("last_name", "first_name", "email"),
        why=why,
        left_out=[(labels[k], counts[k]) for k, _ in LEFT_OUT if counts.get(k)],
        already=counts.get("already_sent", 0),
        why_heading=why_heading,
    )


def _topic_conditions(topic: str, district_ids, page) -> dict:
    """Who passes each test every subscription message applies (`audience_among`)."""
    subscribed = Subscription.objects.filter(topic=topic, status=Subscription.Status.SUBSCRIBED)
    unsubscribed = Subscription.objects.filter(topic=topic, status=Subscription.Status.UNSUBSCRIBED)
    conditions = {
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
    return conditions


def audience_for(
    *,
    kind: str,
    page,
    topic: str,
    segments,
    exclude_segments=(),
    districts=(),
    already: Q | None = None,
    already_label: str = "",
) -> Audience:
    """The audience of a send of `page` (of SendKind `kind`) to `segments`, as the engine would
    freeze it now. `districts` are pks (an alert's area); none means anywhere. `already` is who
    already has it (a Q on Contact; by default the addresses an earlier send of the page holds),
    left out and counted under "already_sent" (`already_label` its words)."""
    segments, exclude_segments = list(segments), list(exclude_segments)
    district_ids = [getattr(d, "pk", d) for d in districts]
    audience = resolve_audience(segments, topic, exclude_segments, district_ids, page=page)
    if already is None:
        key = Send(kind=kind, source_page=page).content_key
        if key:
            already = Q(email__in=Delivery.objects.filter(content_key=key).values("email"))
    conditions = _topic_conditions(topic, district_ids, page)
    if already is not None:
        audience = audience.exclude(already)
        conditions["already_sent"] = ~already
    labels = {"already_sent": already_label} if already_label else None
    named = named_by(segments, exclude_segments)
    return _audience(audience, named, conditions, by_segments(segments), labels)


def contacts_audience(
    contacts: QuerySet, *, named: QuerySet, why: Why, why_heading: str = "Why"
) -> Audience:
    """The audience of a message to `contacts` the caller chose (already narrowed to who may be
    mailed, as its action freezes them) out of `named` (everyone the choice names): the rest are
    counted as archived or erased, or suppressed."""
    conditions = {
        key: q
        for key, q in _topic_conditions("", (), None).items()
        if key in ("inactive", "suppressed")
    }
    return _audience(contacts, named, conditions, why, why_heading=why_heading)


def resend_audience(
    *, kind: str, page, topic: str, districts=(), emails: Iterable[str] | None = None
) -> Audience:
    """Who a re-send of `page` now would reach (`sending.engine.resend_recipients`, the query it
    freezes), why (when they were first sent it), and who of the people already reached it
    leaves out and why."""
    district_ids = [getattr(d, "pk", d) for d in districts]
    reached = resend_recipients(kind, page, topic, districts=district_ids, emails=emails)
    held = reached_deliveries(kind, page)
    named = Contact.objects.filter(email__in=held.values("email"))
    conditions = _topic_conditions(topic, district_ids, page)
    if emails is not None:
        conditions["not_chosen"] = Q(email__in=list(emails))

    def why(contacts) -> dict[int, str]:
        first = dict(
            held.filter(email__in=[c.email for c in contacts])
            .values_list("email")
            .annotate(at=Min("created_at"))
            .order_by()
        )
        return {
            c.pk: f"{timezone.localtime(first[c.email]):%-d %b %Y}"
            for c in contacts
            if c.email in first
        }

    return _audience(reached, named, conditions, why, why_heading="First sent it")


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


def confirm_context(audience: Audience, query: str = "", viewer=None) -> dict:
    """What `sending/admin/_audience.html` shows `viewer`: the first SHOWN of the people they
    may be listed (`in_view`) matching `query`, and how many others it goes to."""
    query = (query or "").strip()[:100]
    visible = in_view(audience.contacts, viewer)
    listed = search(visible, query) if query else visible
    total = listed.count()
    return {
        "audience_rows": [
            (c, organisation_of(c), districts, why)
            for c, districts, why in audience.rows(listed[:SHOWN])
        ],
        "audience_total": total,
        "audience_more": max(0, total - SHOWN),
        "audience_query": query,
        "audience_unlisted": audience.contacts.count() - visible.count()
        if visible is not audience.contacts
        else 0,
        "audience_why": audience.why_heading,
        "left_out": audience.left_out,
    }


def audience_csv(audience: Audience, filename: str, viewer=None):
    """Everyone `viewer` may be listed (`in_view`) as a CSV download through `core.csv_export`
    (every cell formula-safe), never cached: it names people."""
    header = ["Name", "Email", "Organisation", "Districts", audience.why_heading]
    contacts = in_view(audience.contacts, viewer)

    def rows():
        yield header
        # In chunks so the "why" lookup stays a few queries per chunk.
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
