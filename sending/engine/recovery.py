"""After a crash: the messages a dead worker was handing over become `uncertain`, the rest of
its claim (never handed over) is queued again; batches nobody works on are enqueued again; scheduled
sends that are due are started. Run by beat (see CELERY_BEAT_SCHEDULE) and on resume."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ..models import Delivery, Send, SendState
from .errors import SendStateError

UNCERTAIN_REASON = (
    "the worker stopped while sending: the message may or may not have gone out; "
    "use “resend uncertain” to send it again"
)


def mark_stale_claims_uncertain(*, send_id: int | None = None, lease: float | None = None) -> int:
    """Claims older than the lease belong to dead (or stalled) workers. A worker hands its claim
    over in id order, a group of SEND_IN_FLIGHT at a time, writing each group before the next,
    so of a claim's rows still `sending` only the first group can have left it: those become
    `uncertain` (never silently re-sent, never dropped); the rest are queued again, their
    attempt not counted. Returns how many became uncertain."""
    lease = settings.SEND_CLAIM_LEASE_SECONDS if lease is None else lease
    stale = Delivery.objects.filter(
        state=Delivery.State.SENDING, claimed_at__lt=timezone.now() - timedelta(seconds=lease)
    )
    if send_id is not None:
        stale = stale.filter(send_id=send_id)
    in_claim = Window(
        RowNumber(), partition_by=[F("send_id"), F("claimed_at")], order_by=F("id").asc()
    )
    ranked = stale.annotate(place=in_claim)
    in_flight = max(1, settings.SEND_IN_FLIGHT)
    maybe_sent = list(ranked.filter(place__lte=in_flight).values_list("id", flat=True))
    never_left = list(ranked.filter(place__gt=in_flight).values_list("id", flat=True))
    if never_left:
        Delivery.objects.filter(id__in=never_left, state=Delivery.State.SENDING).update(
            state=Delivery.State.QUEUED, claimed_at=None, attempts=F("attempts") - 1
        )
    return Delivery.objects.filter(id__in=maybe_sent, state=Delivery.State.SENDING).update(
        state=Delivery.State.UNCERTAIN, last_error=UNCERTAIN_REASON
    )


def recover_sends(*, lease: float | None = None) -> dict:
    """Mark stale claims uncertain, re-enqueue queued rows of sends that made no progress for
    a lease, and finish sends with nothing left to do. Idempotent: a batch enqueued twice
    finds its rows already claimed or sent."""
    from .actions import _requeue, log_send
    from .batches import complete_if_done

    lease = settings.SEND_CLAIM_LEASE_SECONDS if lease is None else lease
    cutoff = timezone.now() - timedelta(seconds=lease)
    with transaction.atomic():
        stale = list(
            Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=cutoff)
            .values_list("send_id", flat=True)
            .distinct()
        )
        uncertain = mark_stale_claims_uncertain(lease=lease)
        for send in Send.objects.filter(pk__in=stale):
            log_send(send, "newsletters.send.uncertain_found")
    requeued = 0
    stalled = Send.objects.filter(state=SendState.SENDING, progress_at__lt=cutoff)
    for send_id in sorted(set(stalled.values_list("pk", flat=True)) | set(stale)):
        with transaction.atomic():
            send = Send.objects.select_for_update().get(pk=send_id)
            if send.state != SendState.SENDING:
                continue
            send.progress_at = timezone.now()
            send.save(update_fields=["progress_at"])
            _requeue(send)
            requeued += 1
    for send_id in stale:
        complete_if_done(send_id)
    return {"uncertain": uncertain, "requeued_sends": requeued}


def start_due_sends() -> list[int]:
    """Start every scheduled send whose time has come. Returns their ids."""
    from .actions import start_send

    started = []
    due = Send.objects.filter(state=SendState.SCHEDULED, scheduled_at__lte=timezone.now())
    for send in due:
        try:
            start_send(send)
        except SendStateError:
            continue  # started or cancelled meanwhile by someone else
        started.append(send.pk)
    return started
