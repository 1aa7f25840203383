"""Saving a segment's rules and its manual rows."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Segment, SegmentMember


def save_segment(
    segment: Segment, rules: dict, include_ids=(), exclude_ids=(), user=None
) -> Segment:
    """Save `segment` with `rules` and exactly these manual rows: contacts `include_ids` always
    in, `exclude_ids` always out (an id in both is excluded). Rows not named are removed. Logs
    `networks.segment.saved` with the counts (never the addresses)."""
    wanted = {
        **dict.fromkeys(include_ids, SegmentMember.Mode.INCLUDE),
        **dict.fromkeys(exclude_ids, SegmentMember.Mode.EXCLUDE),
    }
    with transaction.atomic():
        segment.rules = rules
        segment.save()
        segment.manual_members.exclude(contact_id__in=wanted).delete()
        for pk, mode in wanted.items():
            SegmentMember.objects.update_or_create(
                segment=segment, contact_id=pk, defaults={"mode": mode}
            )
        modes = list(wanted.values())
        log(
            segment,
            "networks.segment.saved",
            user=user,
            data={
                "rules": sorted(k for k in rules if k != "exclude"),
                "excluding": sorted(rules.get("exclude") or {}),
                "included_by_hand": modes.count(SegmentMember.Mode.INCLUDE),
                "excluded_by_hand": modes.count(SegmentMember.Mode.EXCLUDE),
            },
        )
    return segment
