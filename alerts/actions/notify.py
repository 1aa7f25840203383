"""Routing, the outbox and its delivery.

A notification is an `Outbox` row written in the transaction of the change it is about; a task
enqueued on commit delivers it, and beat retries whatever is still pending, so Redis or the
mail provider being down delays a notification but never loses it (nor the report).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alerts.access import responders
from alerts.models import Kind, Outbox, Report, RoutingRule, State, Urgency
from core.queue import enqueue_many_now
from networks.models import District

from .audit import record

log = logging.getLogger(__name__)

# Provider errors are the sending engine's to retry (its Delivery rows); the outbox only has to
# survive the queue being away until the row is handed over.
# A row just written is delivered by its on-commit task; beat picks it up only after this.
FIRST_RETRY_AFTER = timedelta(minutes=2)


NO_RULE = "no rule matches: every responder who may see it"


@dataclass(frozen=True)
class Told:
    """One person told of a new report, and why (a rule's name, their district, no rule)."""

    user: object
    why: tuple[str, ...]


class Routing:
    """Who is told of a new report of a kind and district: the people of the matching rules
    (the county team) and the responders whose scope names the district, each once, and only
    people who may see the report. With no matching rule, every responder who may see it.

    Loads the active rules once, and each district's responders once, so the routing rules
    screen asks it for every district and kind as cheaply as a submission asks for one; both
    ask this one class, so the screen shows what a submission does.
    """

    def __init__(self):
        self.rules = list(
            RoutingRule.objects.filter(active=True).prefetch_related(
                "districts", "notify_users", "notify_groups", "escalate_to_groups"
            )
        )
        self._audiences: dict[int | None, list] = {}

    def rules_for(self, kind: str, district_id: int | None) -> list[RoutingRule]:
        """The active rules matching: empty kind / no districts match everything."""
        matched = []
        for rule in self.rules:
            districts = {d.pk for d in rule.districts.all()}
            if rule.kind not in ("", kind):
                continue
            if districts and district_id not in districts:
                continue
            matched.append(rule)
        return matched

    def _audience(self, district_id: int | None) -> list:
        """The responders who may see a report of `district_id`, each with `group_ids` and
        `of_district` (their scope names the district) set."""
        if district_id not in self._audiences:
            people = list(_responders_seeing(district_id).prefetch_related("groups").order_by("id"))
            own = set()
            if district_id is not None:
                own = set(
                    responders()
                    .filter(responder_scope__districts=district_id)
                    .values_list("pk", flat=True)
                )
            for user in people:
                user.group_ids = {g.pk for g in user.groups.all()}
                user.of_district = user.pk in own
            self._audiences[district_id] = people
        return self._audiences[district_id]

    def told(self, kind: str, district_id: int | None) -> tuple[list[Told], bool]:
        """(who is told and why, urgent?) for a new report of `kind` in `district_id`."""
        rules = self.rules_for(kind, district_id)
        told = []
        for user in self._audience(district_id):
            why = []
            if not rules:
                why.append(NO_RULE)
            for rule in rules:
                users = {u.pk for u in rule.notify_users.all()}
                groups = {g.pk for g in rule.notify_groups.all()}
                if user.pk in users or user.group_ids & groups:
                    why.append(f"rule “{rule.name}”")
            if user.of_district:
                why.append("responder of the district")
            if why:
                told.append(Told(user, tuple(why)))
        return told, any(rule.urgent for rule in rules)


def matching_rules(report: Report) -> list[RoutingRule]:
    return Routing().rules_for(report.kind, report.district_id)


def _responders_seeing(district_id: int | None):
    people = responders()
    if district_id:
        people = people.filter(
            Q(responder_scope__isnull=True)
            | Q(responder_scope__districts__isnull=True)
            | Q(responder_scope__districts=district_id)
        )
    else:
        people = people.filter(
            Q(responder_scope__isnull=True) | Q(responder_scope__districts__isnull=True)
        )
    return people.distinct()


def responders_who_can_see(report: Report):
    """Responders whose district scope (if any) includes the report's district."""
    return _responders_seeing(report.district_id)


def route_report(report: Report) -> tuple[list, bool]:
    """(users to notify, urgent?) for a new report: the people of the matching rules and the
    responders of its district, each once (`Routing`). Only people who may see the report are
    ever notified; with no matching rule every such responder is, so nothing is unrouted."""
    told, urgent = Routing().told(report.kind, report.district_id)
    return [t.user for t in told], urgent


@dataclass(frozen=True)
class RoutingLine:
    """One line of the routing rules screen: reports of `kinds` in `district` tell `told`."""

    district: str
    kinds: str
    urgent: bool
    told: list[Told]


def who_is_told() -> list[RoutingLine]:
    """Who a new report of each district (and of none) tells, kinds that tell the same people
    together, for the routing rules screen. Computed by `Routing`, as a submission is."""
    routing = Routing()
    places = [(d.pk, d.name) for d in District.objects.all()] + [(None, "No district given")]
    lines = []
    for district_id, name in places:
        groups: dict[tuple, list[str]] = {}
        outcomes = {}
        for kind, label in Kind.choices:
            told, urgent = routing.told(kind, district_id)
            key = (urgent, tuple((t.user.pk, t.why) for t in told))
            groups.setdefault(key, []).append(label)
            outcomes[key] = (told, urgent)
        largest = max(groups, key=lambda k: len(groups[k]))
        for key, labels in groups.items():
            if len(labels) == len(Kind.choices):
                kinds = "Every kind"
            elif key == largest and len(labels) > 1:
                kinds = "Any other kind"
            else:
                kinds = ", ".join(labels)
            told, urgent = outcomes[key]
            lines.append(RoutingLine(name, kinds, urgent, told))
    return lines


def escalation_recipients(report: Report):
    groups = set()
    for rule in matching_rules(report):
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
