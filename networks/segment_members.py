"""Who is in a segment and why: the member list, the people left out, and the reason for each.
Built on the same conditions as `networks.segments` so the list and a send cannot disagree."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from taggit.models import TaggedItem

from .models import (
    Contact,
    District,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    Sector,
    Segment,
    SegmentMember,
    Subscription,
    Suppression,
    Topic,
)
from .segments import RULE_LOOKUPS, _exclusion_q, _rule_q, segment_q

RULE_LABELS = {
    "districts": "District",
    "roles": "Role",
    "sectors": "Sector",
    "networks": "Network",
    "organisations": "Organisation",
    "tags": "Tag",
    "topics": "Subscribed to",
}


def _manual_ids(segment: Segment, mode: str):
    return SegmentMember.objects.filter(segment=segment, mode=mode).values("contact_id")


def members_for(segment: Segment, visible: QuerySet[Contact]) -> QuerySet[Contact]:
    """The segment's members among `visible` (the contacts the viewer may see)."""
    return visible.filter(segment_q(segment))


def excluded_for(segment: Segment, visible: QuerySet[Contact]) -> QuerySet[Contact]:
    """People among `visible` the segment leaves out: removed by hand, or matching the rules and
    one of the rule exclusions (a manual include beats a rule exclusion, as in resolution)."""
    rules = segment.rules or {}
    q = Q(id__in=_manual_ids(segment, SegmentMember.Mode.EXCLUDE))
    rule_q, exclusion = _rule_q(rules), _exclusion_q(rules)
    if rule_q is not None and exclusion is not None:
        q |= rule_q & exclusion & ~Q(id__in=_manual_ids(segment, SegmentMember.Mode.INCLUDE))
    return visible.filter(q)


# Rules a contact meets only through the organisation linked to them, never a typed name.
ORGANISATION_RULES = ("sectors", "organisations")


def unmatched_outside(segment: Segment, visible: QuerySet[Contact]) -> QuerySet[Contact] | None:
    """For a segment with a sector or organisation rule: the contacts among `visible` it misses
    only because their typed organisation is not linked to one of the directory's. They are
    subscribed to a topic and mailable, fit every other rule (and none of its rules for leaving
    out), are not removed by hand and are not members. None for a segment without such a rule."""
    rules = segment.rules or {}
    if not any(rules.get(key) for key in ORGANISATION_RULES):
        return None
    other_rules = {k: v for k, v in rules.items() if k not in ORGANISATION_RULES}
    q = Q(organisation__isnull=True) & ~Q(organisation_name="")
    q &= Q(
        id__in=Subscription.objects.filter(status=Subscription.Status.SUBSCRIBED).values(
            "contact_id"
        )
    )
    rule_q, exclusion = _rule_q(other_rules), _exclusion_q(rules)
    if rule_q is not None:
        q &= rule_q
    if exclusion is not None:
        q &= ~exclusion
    q &= ~Q(id__in=_manual_ids(segment, SegmentMember.Mode.EXCLUDE)) & ~segment_q(segment)
    return visible.filter(q).mailable()


def _names(key: str, values) -> dict:
    models = {
        "districts": District,
        "roles": Role,
        "networks": Network,
        "organisations": Organisation,
    }
    if key in models:
        return dict(models[key].objects.filter(pk__in=values).values_list("pk", "name"))
    if key == "sectors":
        return dict(Sector.choices)
    if key == "topics":
        return dict(Topic.choices)
    return {v: v for v in values}


def _matched(key: str, values, ids) -> dict[int, set]:
    """contact id -> the values of rule `key` that contact matches, for the contacts `ids`."""
    if key == "districts":
        pairs = Contact.districts.through.objects.filter(
            contact_id__in=ids, district_id__in=values
        ).values_list("contact_id", "district_id")
    elif key == "roles":
        pairs = Contact.roles.through.objects.filter(
            contact_id__in=ids, role_id__in=values
        ).values_list("contact_id", "role_id")
    elif key == "networks":
        current = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        pairs = NetworkMembership.objects.filter(
            current, contact_id__in=ids, network_id__in=values
        ).values_list("contact_id", "network_id")
    elif key == "topics":
        pairs = Subscription.objects.filter(
            contact_id__in=ids, topic__in=values, status=Subscription.Status.SUBSCRIBED
        ).values_list("contact_id", "topic")
    elif key == "tags":
        pairs = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact),
            object_id__in=ids,
            tag__name__in=values,
        ).values_list("object_id", "tag__name")
    elif key == "sectors":
        pairs = Contact.objects.filter(id__in=ids, organisation__sector__in=values).values_list(
            "id", "organisation__sector"
        )
    else:
        pairs = Contact.objects.filter(id__in=ids, organisation__in=values).values_list(
            "id", "organisation_id"
        )
    found: dict[int, set] = {}
    for contact_id, value in pairs:
        found.setdefault(contact_id, set()).add(value)
    return found


def _describe(rules: dict, ids) -> dict[int, list[str]]:
    """contact id -> "District: Rugby" lines, one per rule key the contact matches."""
    lines: dict[int, list[str]] = {}
    for key in RULE_LOOKUPS:
        values = rules.get(key) or []
        if not values:
            continue
        names = _names(key, values)
        for contact_id, matched in _matched(key, values, ids).items():
            shown = ", ".join(sorted(str(names.get(v, v)) for v in matched))
            lines.setdefault(contact_id, []).append(f"{RULE_LABELS[key]}: {shown}")
    return lines


def _mail_status(contacts: list[Contact]) -> dict[int, str]:
    """What sending would do with each contact: the topics they would get, or why nothing."""
    ids = [c.pk for c in contacts]
    suppressed = dict(
        Suppression.objects.filter(email__in=[c.email for c in contacts]).values_list(
            "email", "reason"
        )
    )
    reasons = dict(Suppression.Reason.choices)
    statuses: dict[int, dict[str, str]] = {}
    for contact_id, topic, status in Subscription.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "topic", "status"
    ):
        statuses.setdefault(contact_id, {})[topic] = status
    labels = dict(Topic.choices)
    out = {}
    for contact in contacts:
        if not contact.is_active:
            out[contact.pk] = "Left out of every send: archived"
            continue
        if contact.email in suppressed:
            out[contact.pk] = (
                f"Left out of every send: suppressed ({reasons[suppressed[contact.email]]})"
            )
            continue
        mine = statuses.get(contact.pk, {})
        gets = [labels[t] for t in Topic.values if mine.get(t) == Subscription.Status.SUBSCRIBED]
        gone = [labels[t] for t in Topic.values if mine.get(t) == Subscription.Status.UNSUBSCRIBED]
        parts = [f"Gets: {', '.join(gets)}" if gets else "Subscribed to nothing yet"]
        if gone:
            parts.append(f"unsubscribed from: {', '.join(gone)}")
        out[contact.pk] = "; ".join(parts)
    return out


def _by_hand(segment: Segment, mode: str, ids: list[int]) -> set[int]:
    """Which of `ids` were added to (or removed from) the segment by hand: one query."""
    return set(
        SegmentMember.objects.filter(segment=segment, mode=mode, contact_id__in=ids).values_list(
            "contact_id", flat=True
        )
    )


def explain_members(segment: Segment, contacts: list[Contact]) -> list[dict]:
    """For one page of members: each contact with why they are in and what a send would do."""
    ids = [c.pk for c in contacts]
    included = _by_hand(segment, SegmentMember.Mode.INCLUDE, ids)
    rules = segment.rules or {}
    rule_q = _rule_q(rules)
    by_rule = (
        set(Contact.objects.filter(rule_q, id__in=ids).values_list("id", flat=True))
        if rule_q is not None
        else set()
    )
    lines = _describe(rules, ids)
    status = _mail_status(contacts)
    rows = []
    for contact in contacts:
        why = []
        if contact.pk in included:
            why.append("Added by hand")
        if contact.pk in by_rule:
            why.append("Matches the rules: " + "; ".join(lines.get(contact.pk, [])))
        rows.append({"contact": contact, "why": why, "mail": status[contact.pk]})
    return rows


def explain_excluded(segment: Segment, contacts: list[Contact]) -> list[dict]:
    """For one page of people left out: each contact with why."""
    ids = [c.pk for c in contacts]
    removed = _by_hand(segment, SegmentMember.Mode.EXCLUDE, ids)
    lines = _describe((segment.rules or {}).get("exclude") or {}, ids)
    rows = []
    for contact in contacts:
        why = []
        if contact.pk in removed:
            why.append("Removed by hand")
        if contact.pk in lines:
            why.append("Left out by the rule: " + "; ".join(lines[contact.pk]))
        rows.append({"contact": contact, "why": why})
    return rows
