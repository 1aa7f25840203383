"""The per-send report the coordinator reads."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as format_date

from ..models import PERSONAL_LINK_LABEL, Delivery, LinkClick, Send
from .dailylimit import daily_limit_pause
from .links import content_links

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
     "links": [{"link", "label", "people"}], "started_at", "finished_at",
     "daily_limit": "" or the sentence saying the daily limit holds the send and when it resumes}

    "links" is clicks per link, exact (the coordinator's own screen): every shared content link
    of the send, most clicked first (then in the message's order), and the personal links as
    one row labelled PERSONAL_LINK_LABEL (link "") when anybody clicked one.
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
        "links": clicks_per_link(send),
        "started_at": send.started_at,
        "finished_at": send.finished_at,
        "daily_limit": daily_limit_note(send, counts[Delivery.State.QUEUED]),
    }


def daily_limit_note(send: Send, queued: int) -> str:
    """ "Paused by the daily limit of N emails: resumes by itself at HH:MM" (with the day when
    it is not today, UK time), or "" when the limit does not hold the send back."""
    pause = daily_limit_pause(send, queued)
    if pause is None:
        return ""
    at = timezone.localtime(pause.resumes_at)
    when = format_date(at, "H:i")
    if at.date() != timezone.localdate():
        when += format_date(at, " \\o\\n l j F")
    return f"Paused by the daily limit of {pause.limit} emails: resumes by itself at {when}"


def clicks_per_link(send: Send) -> list[dict]:
    """[{"link", "label", "people"}] for `send`, as `send_report` describes; one grouped query."""
    clicked = dict(
        LinkClick.objects.filter(send=send).values_list("link").annotate(n=Count("*")).order_by()
    )
    order = {link: i for i, link in enumerate(content_links(send))}
    # A send's content is frozen, so every recorded link is one of these; should one not be,
    # it is still shown (after them) rather than dropped.
    links = [*order, *(link for link in clicked if link and link not in order)]
    rows = [{"link": link, "label": link, "people": clicked.get(link, 0)} for link in links]
    rows.sort(key=lambda r: (-r["people"], order.get(r["link"], len(order))))
    if clicked.get(""):
        rows.append({"link": "", "label": PERSONAL_LINK_LABEL, "people": clicked[""]})
    return rows
