"""A finished send's tally (`sending.models.SendTally`): the number of its deliveries in each
of `MEASURES`, read by the reports instead of counting hundreds of thousands of rows, and
always equal to counting them.

How it stays equal:
- It exists only while the send is `sent`. `keep_tally` writes it in the transaction that
  marks the send `sent` (`batches.complete_if_done`), when no row is queued or being sent;
  queuing rows again (`resend_uncertain`, `retry_failed`) drops it in the transaction that
  reopens the send. While a send is being sent, nothing is kept: the batches write nothing
  more than they did, and the send is counted live.
- After that, a delivery's counted fields change only by a provider's tracking event
  (`sending.webhooks.apply_tracking_event`), which takes `hold(send)` before it changes the
  row and `adjust`s the tally by the row's change in the same transaction.
- `hold` is a shared lock per send (PostgreSQL advisory, to the end of the transaction);
  `keep_tally` takes it exclusively before counting, so it counts only after every event
  being applied has committed, and an event that comes while it counts waits for the tally
  and then adjusts it. SQLite runs one writing transaction at a time (`transaction_mode`
  IMMEDIATE), so needs no lock.

`counts(send_ids)` is what readers use: the tally where one is kept, the live count for the
other sends (being sent, cancelled part way, paused). Nothing is ever cached: the tally is
the count, as of the reader's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from ..models import MEASURES, Delivery, Send, SendState, SendTally

NAMES = tuple(MEASURES)


def _lock(send_id: int, *, shared: bool) -> None:
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(hashtext(%s))", [f"send-tally:{send_id}"])


def hold(send_id: int) -> None:
    """Inside a transaction, before changing a counted field of one of the send's deliveries:
    no tally is counted while the change is being made (call `adjust` after it)."""
    _lock(send_id, shared=True)


def live_counts(send_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{send id: {measure: deliveries}} counted from the deliveries (one grouped query)."""
    ids = list(send_ids)
    if not ids:
        return {}
    rows = (
        Delivery.objects.filter(send_id__in=ids)
        .order_by()
        .values("send_id")
        .annotate(**{name: Count("pk", filter=q) for name, (q, _) in MEASURES.items()})
    )
    found = {r["send_id"]: {name: r[name] for name in NAMES} for r in rows}
    return {i: found.get(i, dict.fromkeys(NAMES, 0)) for i in ids}


def counts(send_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{send id: {measure: deliveries}}, equal to `live_counts`: read from the tally of each
    finished send, counted live for the others. Two queries at most."""
    ids = list(send_ids)
    kept = {
        t["send_id"]: {name: t[name] for name in NAMES}
        for t in SendTally.objects.filter(send_id__in=ids).values("send_id", *NAMES)
    }
    return {**live_counts(i for i in ids if i not in kept), **kept}


def keep_tally(send_id: int) -> SendTally:
    """Count the send's deliveries and keep the tally. Call in the transaction that marks the
    send `sent`, once none of its rows is queued or being sent."""
    _lock(send_id, shared=False)
    found = live_counts([send_id])[send_id]
    tally, _ = SendTally.objects.update_or_create(
        send_id=send_id, defaults={**found, "counted_at": timezone.now()}
    )
    return tally


def recount(send_id: int) -> SendTally | None:
    """Count a finished send's tally again (`manage.py tally_sends`): for sends that finished
    before tallies were kept, or a tally in doubt. Nothing for a send that is not `sent`; the
    send's row is locked, so it cannot be reopened meanwhile."""
    with transaction.atomic():
        if not Send.objects.select_for_update().filter(pk=send_id, state=SendState.SENT).exists():
            return None
        return keep_tally(send_id)


def drop_tally(send_id: int) -> None:
    """The send's rows are being queued again: it is counted live until it finishes again."""
    SendTally.objects.filter(send_id=send_id).delete()


def measures_of(delivery: Delivery) -> tuple[bool, ...]:
    """Which measures one delivery counts in, as `MEASURES` orders them."""
    return tuple(test(delivery) for _, test in MEASURES.values())


def adjust(send_id: int, before: tuple[bool, ...], after: tuple[bool, ...]) -> None:
    """A delivery of the send went from counting in `before` to `after` (`measures_of`), in
    this transaction, under `hold`: move the tally (if the send has one) by the difference."""
    change = {
        name: F(name) + (int(now) - int(was))
        for name, was, now in zip(NAMES, before, after, strict=True)
        if was != now
    }
    if change:
        SendTally.objects.filter(send_id=send_id).update(**change)
