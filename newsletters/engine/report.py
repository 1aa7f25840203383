"""The per-send report the coordinator reads."""

from django.db.models import Count, Q

from ..models import Delivery, Send

# Rows the provider accepted: the base for open and click rates.
_ACCEPTED = (Delivery.State.SENT, Delivery.State.BOUNCED, Delivery.State.COMPLAINED)
_PROBLEMS = (
    Delivery.State.FAILED,
    Delivery.State.BOUNCED,
    Delivery.State.COMPLAINED,
    Delivery.State.UNCERTAIN,
)


def send_report(send: Send, *, failures_limit: int = 1000) -> dict:
    """Counts by state, delivered/opened/clicked counts and rates, and who failed and why.

    {"state", "recipients", "counts": {state: n for every Delivery state}, "accepted",
     "delivered", "opened", "clicked", "open_rate", "click_rate" (0..1 of accepted),
     "failures": [{"email", "state", "reason", "attempts"}], "failures_total",
     "started_at", "finished_at"}
    """
    rows = Delivery.objects.filter(send=send)
    counts = dict.fromkeys(Delivery.State.values, 0)
    for state, n in rows.values_list("state").annotate(n=Count("id")).order_by():
        counts[state] = n
    tracked = rows.aggregate(
        delivered=Count("id", filter=Q(delivered_at__isnull=False)),
        opened=Count("id", filter=Q(opened_at__isnull=False)),
        clicked=Count("id", filter=Q(clicked_at__isnull=False)),
    )
    accepted = sum(counts[s] for s in _ACCEPTED)
    problems = rows.filter(state__in=_PROBLEMS).order_by("state", "email")
    return {
        "state": send.state,
        "recipients": sum(counts.values()),
        "counts": counts,
        "accepted": accepted,
        **tracked,
        "open_rate": tracked["opened"] / accepted if accepted else 0.0,
        "click_rate": tracked["clicked"] / accepted if accepted else 0.0,
        "failures": [
            {"email": email, "state": state, "reason": reason, "attempts": attempts}
            for email, state, reason, attempts in problems.values_list(
                "email", "state", "last_error", "attempts"
            )[:failures_limit]
        ],
        "failures_total": sum(counts[s] for s in _PROBLEMS),
        "started_at": send.started_at,
        "finished_at": send.finished_at,
    }
