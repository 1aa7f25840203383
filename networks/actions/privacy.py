"""Subject access and erasure (UK GDPR articles 15 and 17): recording when a request arrived,
and meeting it with the export or the erasure."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from ..models import (
    ConsentEvent,
    Contact,
    PrivacyRequest,
    Subscription,
    SubscriptionRequest,
    Suppression,
)
from .subscriptions import record_consent
from .trace import log_contact


def _iso(value):
    return value.isoformat() if value else None


@transaction.atomic
def record_privacy_request(contact: Contact, kind: str, received_on: dt.date, user=None):
    """Record that `contact` made a request of `kind` (PrivacyRequest.Kind) that arrived on
    `received_on`, due one calendar month later, and log it on the contact. Raises
    ValidationError, saving nothing, for an unknown kind, a missing date or one in the future
    (Europe/London), an erased contact, or when a request of that kind is already open for
    them (one export or erasure meets it: a second letter is the same request)."""
    if kind not in PrivacyRequest.Kind.values:
        raise ValidationError("Choose whether it is a subject-access or an erasure request.")
    if not isinstance(received_on, dt.date):
        raise ValidationError("Enter the date the request arrived.")
    if received_on > timezone.localdate():
        raise ValidationError("The date the request arrived cannot be in the future.")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ValidationError("This contact has been erased: there is nothing left to request.")
    label = PrivacyRequest.Kind(kind).label
    open_request = PrivacyRequest.objects.filter(
        contact=contact, kind=kind, met_at__isnull=True
    ).first()
    if open_request is not None:
        raise ValidationError(
            f"A request of this kind ({label.lower()}) received on "
            f"{open_request.received_on:%-d %B %Y} is already open for this contact: "
            "the export or the erasure meets it."
        )
    request = PrivacyRequest.objects.create(
        contact=contact, kind=kind, received_on=received_on, recorded_by=user
    )
    log_contact(
        contact,
        "networks.contact.privacy_request_recorded",
        user,
        request=request.pk,
        kind=kind,
        received_on=received_on.isoformat(),
    )
    return request


def _meet_open_requests(contact: Contact, kind: str) -> list[int]:
    """Mark `contact`'s open requests of `kind` met now; their ids."""
    open_requests = PrivacyRequest.objects.filter(contact=contact, kind=kind, met_at__isnull=True)
    ids = list(open_requests.values_list("pk", flat=True))
    if ids:
        PrivacyRequest.objects.filter(pk__in=ids).update(met_at=timezone.now())
    return ids


@transaction.atomic
def export_subject_access(contact: Contact, user=None) -> dict:
    """Everything the system holds about `contact`, as JSON-ready data, and an audit entry saying
    who exported it; the contact's open subject-access request, if any, is met by it (in the
    same transaction). Other apps add their sections with the `networks_subject_access` hook:
    a function (contact) -> (section name, JSON-ready data)."""
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
        "data_protection_requests": [
            {
                "kind": r.kind,
                "received_on": _iso(r.received_on),
                "due_on": _iso(r.due_on),
                "met_at": _iso(r.met_at),
            }
            for r in contact.privacy_requests.order_by("received_on", "id")
        ],
    }
    if data["suppressed"]:
        data["suppressed"]["created_at"] = _iso(data["suppressed"]["created_at"])
    for fn in hooks.get_hooks("networks_subject_access"):
        name, section = fn(contact)
        data[name] = section
    met = _meet_open_requests(contact, PrivacyRequest.Kind.ACCESS)
    log_contact(
        contact, "networks.contact.subject_access_exported", user, **({"met": met} if met else {})
    )
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
    The contact's open erasure request is met, and every data protection request of theirs
    loses its link to them (the rows keep their kind and dates for the board's figures).
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
    met = _meet_open_requests(contact, PrivacyRequest.Kind.ERASURE)
    PrivacyRequest.objects.filter(contact=contact).update(contact=None)
    log_contact(contact, "networks.contact.erased", user, **({"met": met} if met else {}))
    return contact
