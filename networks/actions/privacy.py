"""Subject access and erasure (UK GDPR articles 15 and 17)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from ..models import ConsentEvent, Contact, Subscription, SubscriptionRequest, Suppression
from .subscriptions import record_consent
from .trace import log_contact


def _iso(value):
    return value.isoformat() if value else None


def export_subject_access(contact: Contact, user=None) -> dict:
    """Everything the system holds about `contact`, as JSON-ready data, and an audit entry saying
    who exported it. Other apps add their sections with the `networks_subject_access` hook: a
    function (contact) -> (section name, JSON-ready data)."""
    data = {
        "contact": {
            "id": contact.pk,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "email": contact.email,
            "phone": contact.phone,
            "organisation": str(contact.organisation) if contact.organisation_id else None,
            "organisation_as_given": contact.organisation_name,
            "districts": [d.name for d in contact.districts.all()],
            "roles": [r.name for r in contact.roles.all()],
            "tags": sorted(contact.tags.names()),
            "notes": contact.notes,
            "active": contact.is_active,
            "created_at": _iso(contact.created_at),
            "updated_at": _iso(contact.updated_at),
        },
        "subscriptions": [
            {"topic": s.topic, "status": s.status, "updated_at": _iso(s.updated_at)}
            for s in contact.subscriptions.order_by("topic")
        ],
        "consent_history": [
            {
                "at": _iso(e.at),
                "topic": e.topic,
                "action": e.action,
                "source": e.source,
                "wording_version": e.wording_version,
                "ip_address": e.ip_address,
                "detail": e.detail,
            }
            for e in contact.consent_events.order_by("at", "id")
        ],
        "network_memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "start_date": _iso(m.start_date),
                "end_date": _iso(m.end_date),
            }
            for m in contact.memberships.select_related("network")
        ],
        "segments": [
            {"segment": row.segment.name, "mode": row.mode}
            for row in contact.segment_rows.select_related("segment")
        ],
        "suppressed": Suppression.objects.filter(email=contact.email)
        .values("reason", "created_at")
        .first(),
    }
    if data["suppressed"]:
        data["suppressed"]["created_at"] = _iso(data["suppressed"]["created_at"])
    for fn in hooks.get_hooks("networks_subject_access"):
        name, section = fn(contact)
        data[name] = section
    log_contact(contact, "networks.contact.subject_access_exported", user)
    return data


@transaction.atomic
def erase_contact(contact: Contact, user=None) -> Contact:
    """Anonymise `contact` so no personal data remains while counts stay right.

    Kept: the row, its districts, network memberships (without their role text), subscription
    and consent rows (topics, actions, dates). Cleared: names, email (replaced by a placeholder),
    phone, organisation, roles, tags, notes, IP addresses and details of the history, and the
    titles of audit entries. The real address goes on the suppression list with reason "erased",
    so it can never be mailed by accident again (a suppression list is kept for exactly that).
    Other apps erase their own rows with the `networks_erase_contact` hook: fn(contact, email).
    Idempotent.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        return contact
    email = contact.email
    Suppression.objects.update_or_create(
        email=email, defaults={"reason": Suppression.Reason.ERASED, "detail": ""}
    )
    # A subscribe request not yet applied holds what the person typed: it goes too.
    SubscriptionRequest.objects.filter(email=email).delete()
    for fn in hooks.get_hooks("networks_erase_contact"):
        fn(contact, email)

    contact.first_name = ""
    contact.last_name = ""
    contact.email = f"erased-{contact.pk}@erased.invalid"
    contact.phone = ""
    contact.organisation = None
    contact.organisation_name = ""
    contact.notes = ""
    contact.is_active = False
    contact.erased_at = timezone.now()
    contact.save()
    contact.roles.clear()
    contact.tags.clear()
    contact.memberships.update(role="")
    contact.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED).update(
        status=Subscription.Status.UNSUBSCRIBED
    )
    # The history stays for the counts, minus what could identify the person.
    ConsentEvent.objects.filter(contact=contact).update(ip_address=None, detail="")
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
    ).update(label=f"Contact #{contact.pk}", data={})
    record_consent(contact, "erased", ConsentEvent.Source.ERASURE)
    log_contact(contact, "networks.contact.erased", user)
    return contact
