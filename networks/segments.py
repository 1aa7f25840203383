"""Segment resolution: the one place that turns saved audiences into contacts."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from taggit.models import TaggedItem

from .models import Contact, NetworkMembership, Segment, SegmentMember, Subscription, Topic

# rule key -> the lookup a value list is matched with (OR within a key).
RULE_LOOKUPS = {
    "districts": "districts__in",
    "roles": "roles__in",
    "sectors": "organisation__sector__in",
    "networks": "memberships__network__in",
    "organisations": "organisation__in",
    "tags": "tags__name__in",
    "topics": "subscriptions__topic__in",
}


def _rule_q(rules: dict) -> Q | None:
    """AND across keys, OR within a key. Each key becomes an `id IN (subquery)` so joins do not
    multiply rows and the count stays a single query."""
    q = None
    for key, lookup in RULE_LOOKUPS.items():
        values = rules.get(key) or []
        if not values:
            continue
        clause = Q(id__in=_matching_ids(key, lookup, values))
        q = clause if q is None else q & clause
    return q


def _matching_ids(key: str, lookup: str, values):
    """A subquery of the ids of contacts matching any of `values` for one rule key. Link tables
    are queried directly (no join through contact). A topic rule means "subscribed to it"; a
    network rule means a membership that has not ended."""
    if key == "districts":
        return Contact.districts.through.objects.filter(district_id__in=values).values("contact_id")
    if key == "roles":
        return Contact.roles.through.objects.filter(role_id__in=values).values("contact_id")
    if key == "networks":
        current = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        return NetworkMembership.objects.filter(current, network_id__in=values).values("contact_id")
    if key == "topics":
        return Subscription.objects.filter(topic__in=values, status="subscribed").values(
            "contact_id"
        )
    if key == "tags":
        return TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact), tag__name__in=values
        ).values("object_id")
    return Contact.objects.filter(**{lookup: values}).values("id")


def _exclusion_q(rules: dict) -> Q | None:
    excluded = rules.get("exclude") or {}
    q = None
    for key, lookup in RULE_LOOKUPS.items():
        values = excluded.get(key) or []
        if values:
            clause = Q(id__in=_matching_ids(key, lookup, values))
            q = clause if q is None else q | clause
    return q


def _members_q(rules: dict, include_ids, exclude_ids) -> Q:
    rule_q = _rule_q(rules or {})
    q = Q(id__in=include_ids)
    if rule_q is not None:
        exclusion = _exclusion_q(rules or {})
        if exclusion is not None:
            rule_q &= ~exclusion
        q |= rule_q
    return q & ~Q(id__in=exclude_ids)


def members_of(rules: dict, include_ids, exclude_ids) -> QuerySet[Contact]:
    """Contacts matching `rules` minus the rule exclusions, plus `include_ids`, minus
    `exclude_ids` (manual rows beat the rules). Each id list may be a list or a values()
    subquery. Before topic, suppression and erasure are applied."""
    return Contact.objects.filter(_members_q(rules, include_ids, exclude_ids))


def segment_q(segment: Segment) -> Q:
    """The segment as one condition on Contact (subqueries only, so no row is repeated)."""
    rows = SegmentMember.objects.filter(segment=segment)
    return _members_q(
        segment.rules or {},
        rows.filter(mode=SegmentMember.Mode.INCLUDE).values("contact_id"),
        rows.filter(mode=SegmentMember.Mode.EXCLUDE).values("contact_id"),
    )


def segment_members(segment: Segment) -> QuerySet[Contact]:
    """Everyone the segment names, before topic, suppression and erasure are applied."""
    return Contact.objects.filter(segment_q(segment))


def audience_counts(members: QuerySet[Contact]) -> dict:
    """What the live count shows: everyone named, and per topic how many a message would reach
    (subscribed, active, not erased, not suppressed)."""
    ids = members.values("id")
    mailable = Contact.objects.filter(id__in=ids).mailable()
    return {
        "members": members.count(),
        "by_topic": {
            topic: mailable.filter(id__in=Contact.objects.subscribed_to(topic).values("id")).count()
            for topic in Topic.values
        },
    }


def _subscribed_ids(topic: str):
    return Subscription.objects.filter(topic=topic, status=Subscription.Status.SUBSCRIBED).values(
        "contact_id"
    )


def named_by(segments: Iterable[Segment], exclude_segments: Iterable[Segment] = ()):
    """Everyone `segments` name minus everyone `exclude_segments` name, before topic,
    suppression and erasure are applied."""
    q = Q(pk__in=[])
    for segment in segments:
        q |= segment_q(segment)
    qs = Contact.objects.filter(q)
    for segment in exclude_segments:
        qs = qs.exclude(segment_q(segment))
    return qs


def audience_among(
    contacts: QuerySet[Contact], topic: str, districts: Iterable = (), page=None
) -> QuerySet[Contact]:
    """`contacts` narrowed as every message about `topic` narrows its audience: subscribed to
    `topic`, active, not erased and not suppressed; in one of `districts` when any are given (an
    alert's area: a Rugby alert reaches Rugby's contacts only); and partners
    (`Contact.objects.partners()`) when the message is a partner-only `page` (an alert): what the
    site shows partners only is never emailed to anyone else. Ordered by id."""
    from .partner_pages import is_partner_only

    qs = contacts.filter(id__in=_subscribed_ids(topic)).mailable()
    district_ids = [getattr(d, "pk", d) for d in districts]
    if district_ids:
        in_area = Contact.districts.through.objects.filter(district_id__in=district_ids)
        qs = qs.filter(id__in=in_area.values("contact_id"))
    if page is not None and is_partner_only(page):
        qs = qs.filter(id__in=Contact.objects.partners().values("id"))
    return qs.order_by("id")


def resolve_segments(
    segments: Iterable[Segment],
    topic: str,
    exclude_segments: Iterable[Segment] = (),
) -> QuerySet[Contact]:
    """The contacts a message about `topic` goes to: members of any of `segments`, minus members
    of `exclude_segments`, who are subscribed to `topic`, active, not erased and not suppressed.

    Returns a lazy queryset ordered by id (one row per contact, so one per email, as emails are
    unique); stream it with `.iterator(chunk_size=…)` for memory that does not grow with its size.
    """
    return audience_among(named_by(segments, exclude_segments), topic)


def resolve_audience(
    segments: Iterable[Segment],
    topic: str,
    exclude_segments: Iterable[Segment] = (),
    districts: Iterable = (),
    page=None,
) -> QuerySet[Contact]:
    """`resolve_segments`, limited to contacts in one of `districts` and to partners for a
    partner-only `page` (`audience_among`). The count shown before a send and the audience the
    engine freezes both come from here, so they agree."""
    return audience_among(named_by(segments, exclude_segments), topic, districts, page)
