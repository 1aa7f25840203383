"""Segment resolution: the one place that turns saved audiences into contacts."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Contact, Segment, SegmentMember

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
        extra = {}
        if key == "topics":
            extra = {"subscriptions__status": "subscribed"}
        ids = Contact.objects.filter(**{lookup: values}, **extra).values("id")
        clause = Q(id__in=ids)
        q = clause if q is None else q & clause
    return q


def _exclusion_q(rules: dict) -> Q | None:
    excluded = rules.get("exclude") or {}
    q = None
    for key, lookup in RULE_LOOKUPS.items():
        values = excluded.get(key) or []
        if values:
            clause = Q(id__in=Contact.objects.filter(**{lookup: values}).values("id"))
            q = clause if q is None else q | clause
    return q


def segment_members(segment: Segment) -> QuerySet[Contact]:
    """Everyone the segment names, before topic, suppression and erasure are applied."""
    rule_q = _rule_q(segment.rules or {})
    includes = SegmentMember.objects.filter(segment=segment, mode=SegmentMember.Mode.INCLUDE)
    excludes = SegmentMember.objects.filter(segment=segment, mode=SegmentMember.Mode.EXCLUDE)
    q = Q(id__in=includes.values("contact_id"))
    if rule_q is not None:
        exclusion = _exclusion_q(segment.rules or {})
        if exclusion is not None:
            rule_q &= ~exclusion
        q |= rule_q
    return Contact.objects.filter(q).exclude(id__in=excludes.values("contact_id"))


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
    q = Q(pk__in=[])
    for segment in segments:
        q |= Q(id__in=segment_members(segment).values("id"))
    qs = Contact.objects.filter(q)
    for segment in exclude_segments:
        qs = qs.exclude(id__in=segment_members(segment).values("id"))
    subscribed = Contact.objects.subscribed_to(topic).values("id")
    return qs.filter(id__in=subscribed).mailable().order_by("id")
