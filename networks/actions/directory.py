"""Bulk changes from the directory listing, and merging two contacts."""

from django.db import models, transaction
from django.dispatch import Signal

from ..models import (
    ConsentEvent,
    Contact,
    Network,
    NetworkMembership,
    PrivacyRequest,
    Segment,
    SegmentMember,
    Subscription,
)
from .subscriptions import record_consent
from .trace import log_contact

# Sent inside the merge's transaction, before `merged` is deleted, so other apps can re-point
# rows the generic re-pointing below cannot (e.g. ones with a uniqueness constraint to resolve).
contacts_merged = Signal()  # kwargs: keep, merged


def _ids(contacts) -> list[int]:
    return [c.pk for c in contacts]


def add_contacts_to_network(contacts, network: Network, user=None, role: str = "") -> int:
    """Make each contact a member of `network` (existing memberships are left as they are).
    Returns how many memberships were created."""
    with transaction.atomic():
        existing = set(
            NetworkMembership.objects.filter(
                network=network, contact__in=_ids(contacts)
            ).values_list("contact_id", flat=True)
        )
        new = [c for c in contacts if c.pk not in existing]
        NetworkMembership.objects.bulk_create(
            [NetworkMembership(network=network, contact=c, role=role) for c in new]
        )
        for contact in new:
            log_contact(contact, "networks.contact.added_to_network", user, network=network.pk)
    return len(new)


def add_contacts_to_segment(contacts, segment: Segment, user=None) -> int:
    """Include each contact in `segment` whatever its rules say (a static member). A contact who
    was manually excluded becomes included. Returns how many rows changed."""
    with transaction.atomic():
        rows = {
            row.contact_id: row
            for row in SegmentMember.objects.filter(segment=segment, contact__in=_ids(contacts))
        }
        changed = 0
        for contact in contacts:
            row = rows.get(contact.pk)
            if row is None:
                SegmentMember.objects.create(segment=segment, contact=contact)
            elif row.mode != SegmentMember.Mode.INCLUDE:
                row.mode = SegmentMember.Mode.INCLUDE
                row.save(update_fields=["mode"])
            else:
                continue
            changed += 1
            log_contact(contact, "networks.contact.added_to_segment", user, segment=segment.pk)
    return changed


def tag_contacts(contacts, tags: list[str], user=None) -> int:
    tags = [t.strip() for t in tags if t.strip()]
    with transaction.atomic():
        for contact in contacts:
            contact.tags.add(*tags)
            log_contact(contact, "networks.contact.tagged", user, tags=tags)
    return len(contacts)


def archive_contacts(contacts, user=None) -> int:
    """Archive (not delete): an archived contact is kept for the record and never mailed."""
    with transaction.atomic():
        ids = [c.pk for c in contacts if c.is_active]
        Contact.objects.filter(pk__in=ids).update(is_active=False)
        for contact in contacts:
            if contact.pk in ids:
                log_contact(contact, "networks.contact.archived", user)
    return len(ids)


_STATUS_RANK = {
    Subscription.Status.SUBSCRIBED: 0,
    Subscription.Status.PENDING: 1,
    Subscription.Status.UNSUBSCRIBED: 2,
}


@transaction.atomic
def merge_contacts(keep: Contact, merged: Contact, user=None) -> Contact:
    """Fold `merged` into `keep` and delete `merged`.

    Kept on `keep`: every network membership, subscription, consent event, data protection
    request, manual segment row, district, role and tag of either; empty fields of `keep` are
    filled from `merged`. Where both have a subscription to one topic, `keep`'s stands (it is
    the consent of the address that stays) and `merged`'s is recorded in the history. Rows of
    other apps pointing at `merged` are re-pointed to `keep`. Raises ValueError when both are
    the same contact.
    """
    if keep.pk == merged.pk:
        raise ValueError("A contact cannot be merged with itself.")
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    merged = Contact.objects.select_for_update().get(pk=merged.pk)

    for field in ("first_name", "last_name", "phone", "organisation_name"):
        if not getattr(keep, field) and getattr(merged, field):
            setattr(keep, field, getattr(merged, field))
    if keep.organisation_id is None:
        keep.organisation_id = merged.organisation_id
    if merged.notes:
        keep.notes = "\n\n".join(filter(None, [keep.notes, merged.notes]))
    keep.is_active = keep.is_active or merged.is_active
    keep.save()
    keep.districts.add(*merged.districts.all())
    keep.roles.add(*merged.roles.all())
    keep.tags.add(*merged.tags.names())

    kept_networks = set(keep.memberships.values_list("network_id", flat=True))
    merged.memberships.exclude(network_id__in=kept_networks).update(contact=keep)
    kept_rows = set(keep.segment_rows.values_list("segment_id", flat=True))
    merged.segment_rows.exclude(segment_id__in=kept_rows).update(contact=keep)

    kept_topics = dict(keep.subscriptions.values_list("topic", "status"))
    for sub in merged.subscriptions.all():
        if sub.topic in kept_topics:
            continue
        sub.contact = keep
        sub.save(update_fields=["contact"])

    # History moves with the person: consent events are re-pointed, never rewritten.
    ConsentEvent.objects.filter(contact=merged).update(contact=keep)
    PrivacyRequest.objects.filter(contact=merged).update(contact=keep)
    record_consent(keep, "merged", ConsentEvent.Source.MERGE, detail=f"merged contact #{merged.pk}")
    contacts_merged.send(sender=Contact, keep=keep, merged=merged)
    _repoint_foreign_keys(keep, merged)
    log_contact(keep, "networks.contact.merged", user, merged=merged.pk)
    merged.delete()
    return keep


def _repoint_foreign_keys(keep: Contact, merged: Contact) -> None:
    """Rows of other apps (e.g. delivery records) follow the person instead of being cascaded
    away with `merged`. Our own relations were handled above."""
    for rel in Contact._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label in ("networks", "taggit") or not isinstance(
            rel.field, models.ForeignKey
        ):
            continue
        model._base_manager.filter(**{rel.field.name: merged}).update(**{rel.field.name: keep})
