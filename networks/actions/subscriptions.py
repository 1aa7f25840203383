"""Subscribing, confirming, changing preferences, unsubscribing and suppressing addresses."""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Site

from core.queue import promise_on_commit
from core.ratelimit import address_hit

from ..consent import consent_wording_version
from ..emails import send_confirmation
from ..models import (
    ConsentEvent,
    Contact,
    District,
    Role,
    Subscription,
    SubscriptionRequest,
    Suppression,
    Topic,
)
from ..models.contacts import normalise_email
from ..organisations import OrganisationMatcher
from ..reference_data import SUBSCRIBE_ROLES
from ..tokens import confirm_url
from .changes import subscription_changes
from .trace import log_contact

logger = logging.getLogger(__name__)

Source = ConsentEvent.Source
Status = Subscription.Status

# Sources where a person acted themselves, so the wording they saw is recorded with the event.
_PERSON_SOURCES = {Source.WEB_FORM, Source.PREFERENCE_CENTRE, Source.UNSUBSCRIBE_LINK}

_SUPPRESSION_SOURCES = {
    Suppression.Reason.HARD_BOUNCE: Source.BOUNCE,
    Suppression.Reason.SOFT_BOUNCES: Source.BOUNCE,
    Suppression.Reason.COMPLAINT: Source.COMPLAINT,
    Suppression.Reason.ERASED: Source.ERASURE,
    Suppression.Reason.MANUAL: Source.ADMIN,
}


def record_consent(contact, action, source, topic="", ip=None, detail="") -> ConsentEvent:
    return ConsentEvent.objects.create(
        contact=contact,
        topic=topic,
        action=action,
        source=source,
        wording_version=consent_wording_version() if source in _PERSON_SOURCES else "",
        ip_address=ip if source in _PERSON_SOURCES else None,
        detail=detail[:255],
    )


def set_subscription(contact, topic, status, source, ip=None, detail="") -> bool:
    """Move one topic to `status`, recording the change. Returns False when nothing changed."""
    sub, created = Subscription.objects.get_or_create(
        contact=contact, topic=topic, defaults={"status": status}
    )
    if not created:
        if sub.status == status:
            return False
        sub.status = status
        sub.save(update_fields=["status", "updated_at"])
    record_consent(contact, status, source, topic=topic, ip=ip, detail=detail)
    return True


def _valid_topics(topics) -> list[str]:
    return [t for t in Topic.values if t in set(topics or ())]


def _resend_allowed(email: str) -> bool:
    """At most NETWORKS_CONFIRMATIONS_PER_HOUR confirmation emails an hour to one address, so the
    public form cannot be used to flood somebody's inbox. Shared by every web process (cache)."""
    limit = settings.NETWORKS_CONFIRMATIONS_PER_HOUR
    return not address_hit("networks:confirmations", email, limit)


def request_subscription(
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    organisation_name: str = "",
    district_ids=(),
    topics=(),
    role: str = "",
    ip: str | None = None,
    site=None,
) -> None:
    """Someone asked on the public form. Stores the request and enqueues its processing, and
    returns nothing the caller could show: the work here (one INSERT, one enqueue on commit) and
    so the page's timing are the same for a suppressed, a known and a new address. The worker
    applies it (`apply_subscription_request`), exactly once: the request is promised
    (`core.queue.promise_on_commit`), so with the broker down beat's `core.sweep` hands it over.
    `role` (a slug of SUBSCRIBE_ROLES) answers the optional role question; the confirmation is
    sent in the name of `site`'s partnership."""
    from ..tasks import process_subscription_request

    with transaction.atomic():
        row = SubscriptionRequest.objects.create(
            email=normalise_email(email)[:254],
            first_name=first_name.strip()[:100],
            last_name=last_name.strip()[:100],
            organisation_name=organisation_name.strip()[:200],
            district_ids=sorted({int(pk) for pk in district_ids}),
            topics=_valid_topics(topics),
            role=role if role in SUBSCRIBE_ROLES else "",
            ip_address=ip,
            site_id=getattr(site, "pk", None),
        )
        promise_on_commit(process_subscription_request, row.pk)


def apply_subscription_request(request_id: int) -> bool:
    """Act on one stored subscribe request, then delete it (the form's data lives on only in the
    contact it creates). Sends the one confirmation email. A new address becomes a contact with
    pending subscriptions. A known address is not changed: what was asked for travels signed in
    the confirmation link and applies when it is followed. A suppressed address gets no email at
    all. A typed organisation that names one of the directory exactly (normalised name or alias)
    is linked at once; any other is kept as given for the unmatched organisations screen. The role
    is recorded for a new contact only. Returns False when the row is gone or another worker
    holds it."""
    with transaction.atomic():
        row = (
            SubscriptionRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=request_id)
            .first()
        )
        if row is None:
            return False
        email, topics = row.email, _valid_topics(row.topics)
        district_ids = sorted(
            District.objects.filter(pk__in=list(row.district_ids)).values_list("pk", flat=True)
        )
        contact = url = changes = None
        if Suppression.objects.filter(email=email).exists():
            logger.info("networks.subscription.requested for a suppressed address: not sent")
        else:
            contact, url, changes = _record_request(row, email, topics, district_ids)
        first_name = row.first_name
        site = Site.objects.filter(pk=row.site_id).first() if row.site_id else None
        row.delete()
    if contact is None:
        return True
    if _resend_allowed(email):
        send_confirmation(contact, url, first_name=first_name, changes=changes, site=site)
    else:
        logger.warning("networks.subscription.requested: hourly confirmation limit reached")
    return True


def _record_request(row, email, topics, district_ids):
    contact = Contact.objects.select_for_update().filter(email=email).first()
    # For a known address the email says what confirming would add to what they have.
    changes = None if contact is None else subscription_changes(contact, topics, district_ids)
    if contact is None:
        organisation_id = OrganisationMatcher().exact(row.organisation_name)
        contact = Contact.objects.create(
            email=email,
            first_name=row.first_name,
            last_name=row.last_name,
            organisation_id=organisation_id,
            organisation_name="" if organisation_id else row.organisation_name,
        )
        contact.districts.set(district_ids)
        if row.role in SUBSCRIBE_ROLES:
            contact.roles.add(*Role.objects.filter(slug=row.role))
        for topic in topics:
            Subscription.objects.create(contact=contact, topic=topic, status=Status.PENDING)
    for topic in topics:
        record_consent(contact, "requested", Source.WEB_FORM, topic=topic, ip=row.ip_address)
    log_contact(contact, "networks.subscription.requested", topics=topics)
    return contact, confirm_url(contact, t=topics, d=district_ids), changes


def confirm_subscription(contact: Contact, payload: dict, ip: str | None = None) -> list[str]:
    """Apply a followed confirmation link: subscribe to the topics it carries and add its
    districts. Idempotent; returns the topics newly subscribed (empty when already done)."""
    topics = _valid_topics(payload.get("t"))
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        changed = [
            topic
            for topic in topics
            if set_subscription(contact, topic, Status.SUBSCRIBED, Source.WEB_FORM, ip=ip)
        ]
        district_ids = District.objects.filter(pk__in=payload.get("d") or []).values_list(
            "pk", flat=True
        )
        contact.districts.add(*district_ids)
        if changed and not contact.is_active:
            # The person asked again themselves; an archived contact would silently get nothing.
            contact.is_active = True
            contact.save(update_fields=["is_active", "updated_at"])
        if changed:
            log_contact(contact, "networks.subscription.confirmed", topics=changed)
    return changed


def update_preferences(
    contact: Contact, *, district_ids, topics, ip: str | None = None
) -> list[str]:
    """The preference centre: the contact's districts become `district_ids` and their topics
    exactly `topics`. Returns the topics whose status changed."""
    topics = set(_valid_topics(topics))
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        current = dict(contact.subscriptions.values_list("topic", "status"))
        changed = []
        for topic in Topic.values:
            if topic in topics:
                wanted = Status.SUBSCRIBED
            elif current.get(topic) in (Status.SUBSCRIBED, Status.PENDING):
                wanted = Status.UNSUBSCRIBED
            else:
                continue
            if set_subscription(contact, topic, wanted, Source.PREFERENCE_CENTRE, ip=ip):
                changed.append(topic)
        new_districts = set(
            District.objects.filter(pk__in=list(district_ids)).values_list("pk", flat=True)
        )
        old_districts = set(contact.districts.values_list("pk", flat=True))
        if new_districts != old_districts:
            contact.districts.set(new_districts)
            names = ", ".join(
                District.objects.filter(pk__in=new_districts).values_list("name", flat=True)
            )
            record_consent(
                contact, "districts_changed", Source.PREFERENCE_CENTRE, ip=ip, detail=names
            )
        log_contact(contact, "networks.subscription.preferences_changed", topics=changed)
    return changed


def unsubscribe_contact(contact: Contact, topic: str | None, source: str, ip=None) -> list[str]:
    """Unsubscribe from `topic`, or from every topic when it is None. Idempotent; returns the
    topics that changed. Called by the public links and by the sending engine's webhooks."""
    topics = [topic] if topic else list(Topic.values)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        existing = set(
            contact.subscriptions.filter(topic__in=topics)
            .exclude(status=Status.UNSUBSCRIBED)
            .values_list("topic", flat=True)
        )
        changed = [
            t
            for t in topics
            if t in existing and set_subscription(contact, t, Status.UNSUBSCRIBED, source, ip=ip)
        ]
        if changed:
            log_contact(contact, "networks.subscription.unsubscribed", topics=changed)
    return changed


def _log_suppression(suppression: Suppression, action: str, user=None, **kwargs) -> None:
    # Titled by number, like a contact's entries, so the audit trail holds no address.
    log(
        suppression,
        action,
        user=user,
        title=f"Suppression #{suppression.pk}",
        data={"reason": suppression.reason},
        **kwargs,
    )


def suppress_address(email: str, reason: str, detail: str = "", user=None) -> Suppression:
    """Never mail `email` again. Idempotent: a second call for the same address changes nothing
    and records nothing. The suppression gets a log entry (`networks.suppression.added`, by
    `user` when a coordinator added it by hand); the matching contact (if any) a ConsentEvent and
    a log entry."""
    email = normalise_email(email)
    with transaction.atomic():
        suppression, created = Suppression.objects.get_or_create(
            email=email, defaults={"reason": reason, "detail": detail[:255]}
        )
        if created:
            _log_suppression(suppression, "networks.suppression.added", user=user)
            contact = Contact.objects.filter(email=email).first()
            if contact is not None:
                record_consent(
                    contact,
                    "suppressed",
                    _SUPPRESSION_SOURCES.get(reason, Source.ADMIN),
                    detail=reason,
                )
                log_contact(contact, "networks.address.suppressed", user=user, reason=reason)
    return suppression


def unsuppress_address(suppression: Suppression, user=None) -> bool:
    """Let mail go to the address again (a coordinator removed it from the suppression list).
    Subscriptions are left as they are: the address gets only what it is still subscribed to.
    Logs `networks.suppression.removed`, and on the matching contact (if any) a ConsentEvent and
    `networks.address.unsuppressed`. Returns False, changing nothing, when it was already gone."""
    with transaction.atomic():
        current = Suppression.objects.select_for_update().filter(pk=suppression.pk).first()
        if current is None:
            return False
        _log_suppression(current, "networks.suppression.removed", user=user, deleted=True)
        contact = Contact.objects.filter(email=current.email).first()
        current.delete()
        if contact is not None:
            record_consent(contact, "unsuppressed", Source.ADMIN, detail=current.reason)
            log_contact(contact, "networks.address.unsuppressed", user=user)
    return True
