"""Routing, the outbox and its delivery.

A notification is an `Outbox` row written in the transaction of the change it is about; a task
enqueued on commit delivers it, and beat retries whatever is still pending, so Redis or the
mail provider being down delays a notification but never loses it (nor the report).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alerts.access import responders
from alerts.models import Outbox, Report, RoutingRule, State, Urgency
from core.queue import enqueue_many_now

from .audit import record

log = logging.getLogger(__name__)

# Provider errors are the sending engine's to retry (its Delivery rows); the outbox only has to
# survive the queue being away until the row is handed over.
# A row just written is delivered by its on-commit task; beat picks it up only after this.
FIRST_RETRY_AFTER = timedelta(minutes=2)


def matching_rules(report: Report):
    rules = RoutingRule.objects.filter(active=True).filter(Q(kind="") | Q(kind=report.kind))
    if report.district_id:
        rules = rules.filter(Q(districts__isnull=True) | Q(districts=report.district_id))
    else:
        rules = rules.filter(districts__isnull=True)
    return rules.distinct()


def responders_who_can_see(report: Report):
    """Responders whose district scope (if any) includes the report's district."""
    people = responders()
    if report.district_id:
        people = people.filter(
            Q(responder_scope__isnull=True)
            | Q(responder_scope__districts__isnull=True)
            | Q(responder_scope__districts=report.district_id)
        )
    else:
        people = people.filter(
            Q(responder_scope__isnull=True) | Q(responder_scope__districts__isnull=True)
        )
    return people.distinct()


def route_report(report: Report) -> tuple[list, bool]:
    """(users to notify, urgent?) for a new report. Only people who may see the report are
    ever notified; with no matching rule every such responder is, so nothing is unrouted."""
    rules = list(matching_rules(report).prefetch_related("notify_users", "notify_groups"))
    visible = responders_who_can_see(report)
    if not rules:
        return list(visible.order_by("id")), False
    wanted = Q(pk__in=[])
    for rule in rules:
        wanted |= Q(pk__in=[u.pk for u in rule.notify_users.all()])
        wanted |= Q(groups__in=[g.pk for g in rule.notify_groups.all()])
    people = visible.filter(wanted).distinct().order_by("id")
    return list(people), any(rule.urgent for rule in rules)


def escalation_recipients(report: Report):
    groups = set()
    for rule in matching_rules(report).prefetch_related("escalate_to_groups"):
        if rule.urgent:
            groups.update(g.pk for g in rule.escalate_to_groups.all())
    visible = responders_who_can_see(report)
    if groups:
        return list(visible.filter(groups__in=groups).distinct().order_by("id"))
    # Nobody named: the responders who see every district (the coordinating team).
    return list(
        visible.filter(Q(responder_scope__isnull=True) | Q(responder_scope__districts__isnull=True))
        .distinct()
        .order_by("id")
    )


def queue_notifications(rows: list[Outbox]) -> list[Outbox]:
    """Save outbox rows (inside the caller's transaction) and deliver them after commit. Rows
    whose dedupe_key was already used are dropped (a notification is written once)."""
    due = timezone.now() + FIRST_RETRY_AFTER
    keys = [row.dedupe_key for row in rows if row.dedupe_key]
    taken = (
        set(Outbox.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        if keys
        else set()
    )
    fresh = []
    for row in rows:
        if row.dedupe_key:
            if row.dedupe_key in taken:
                continue
            taken.add(row.dedupe_key)
        row.next_attempt_at = due
        fresh.append(row)
    saved = Outbox.objects.bulk_create(fresh)  # PostgreSQL and SQLite return the ids
    ids = [row.pk for row in saved]
    if ids:
        transaction.on_commit(lambda: enqueue_delivery(ids))
    return saved


def enqueue_delivery(ids: list[int]) -> None:
    """Hand the rows to Celery (through `core.queue`, which never waits on a dead or frozen
    Redis). If the broker is unreachable, log it and make the rows due at once for beat's retry:
    the change they are about is already committed and must stand."""
    from alerts.tasks import deliver_outbox

    if not enqueue_many_now(deliver_outbox, [(pk,) for pk in ids]):
        # Some may have gone before the broker failed: delivering a row twice sends it once.
        log.warning("alerts: could not queue %s notification(s); beat will retry them", len(ids))
        Outbox.objects.filter(pk__in=ids, status=Outbox.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )


def deliver_outbox_row(pk: int) -> str:
    """Deliver one pending row; returns its status afterwards. Safe to run concurrently and
    more than once: the row is locked while it is sent and only pending rows are sent."""
    from alerts.notifications import NoRecipient, deliver_notification

    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Outbox.Status.PENDING)
            .first()
        )
        if row is None:
            return "skipped"
        try:
            deliver_notification(row)
        except NoRecipient as exc:
            row.status = Outbox.Status.FAILED
            row.last_error = str(exc)[:255]
        else:
            row.status = Outbox.Status.DELIVERED
            row.delivered_at = timezone.now()
            row.attempts += 1
            row.last_error = ""
        row.save()
        return row.status


def retry_due_notifications(now=None) -> int:
    """Deliver every pending row that is due (beat, every minute). Returns how many were sent."""
    now = now or timezone.now()
    due = Outbox.objects.filter(status=Outbox.Status.PENDING, next_attempt_at__lte=now)
    sent = 0
    for pk in due.order_by("id").values_list("pk", flat=True)[:500]:
        if deliver_outbox_row(pk) == Outbox.Status.DELIVERED:
            sent += 1
    return sent


def notify_new_report(report: Report, people=None) -> list[Outbox]:
    """Queue a notification of a new report to each person routed to (computed if not given)."""
    if people is None:
        people, _urgent = route_report(report)
    kind = Outbox.Kind.URGENT_REPORT if report.urgency == Urgency.URGENT else Outbox.Kind.NEW_REPORT
    return queue_notifications(
        [
            Outbox(kind=kind, report=report, user=user, dedupe_key=f"new:{report.pk}:{user.pk}")
            for user in people
        ]
    )


def assigned_responders(report: Report) -> list:
    """Who is looking after `report`: its assigned person and the members of its assigned team,
    limited to responders who may see it. With nobody assigned, the people it was routed to."""
    if not (report.assigned_user_id or report.assigned_group_id):
        people, _urgent = route_report(report)
        return people
    wanted = Q(pk__in=[])
    if report.assigned_user_id:
        wanted |= Q(pk=report.assigned_user_id)
    if report.assigned_group_id:
        wanted |= Q(groups=report.assigned_group_id)
    return list(responders_who_can_see(report).filter(wanted).distinct().order_by("id"))


def notify_more_information(report: Report, message) -> list[Outbox]:
    """Queue a link-only notice to the responders looking after `report` that its submitter
    added information (`message`). Never the information itself."""
    return queue_notifications(
        [
            Outbox(
                kind=Outbox.Kind.MORE_INFORMATION,
                report=report,
                user=user,
                dedupe_key=f"more:{message.pk}:{user.pk}",
            )
            for user in assigned_responders(report)
        ]
    )


def notify_assignee(report: Report, assignee, actor=None, entry_id: int | None = None):
    """Queue a link-only notice to a responder a report was just assigned to (not when they
    assigned it to themselves). `entry_id`, the audit entry of the assignment, makes it once."""
    if assignee is None or (actor is not None and assignee.pk == getattr(actor, "pk", None)):
        return []
    key = f"assigned:{report.pk}:{assignee.pk}:{entry_id}" if entry_id else None
    return queue_notifications(
        [
            Outbox(
                kind=Outbox.Kind.ASSIGNED,
                report=report,
                user=assignee,
                dedupe_key=key,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        ]
    )


def escalate_unacknowledged(now=None) -> int:
    """Tell the escalation recipients about urgent reports nobody acknowledged in time
    (beat). Each report escalates once. Returns how many reports escalated."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.ALERTS_ESCALATE_AFTER_MINUTES)
    count = 0
    stale = Report.objects.filter(
        state=State.NEW, urgency=Urgency.URGENT, created_at__lte=cutoff, escalated_at__isnull=True
    )
    for report_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is None or report.escalated_at or report.state != State.NEW:
                continue
            report.escalated_at = now
            report.save(update_fields=["escalated_at", "updated_at"])
            people = escalation_recipients(report)
            queue_notifications(
                [
                    Outbox(
                        kind=Outbox.Kind.ESCALATION,
                        report=report,
                        user=user,
                        dedupe_key=f"escalation:{report.pk}:{user.pk}",
                    )
                    for user in people
                ]
            )
            record(
                None,
                "alerts.report.escalated",
                report,
                actor_label="system",
                notified=[u.pk for u in people],
            )
            count += 1
    return count
