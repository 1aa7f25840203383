"""Communications (theme 6, action 6.5): per newsletter issue and update, and per quarter —
sent, delivered, bounced, complaints, unsubscribes (attributed to the send whose link was used)
and the people who clicked; opens shown but labelled indicative; and the people who clicked
each link of the period's sends (personal links counted together, never shown).

The delivery counts of each send are its tally (`sending.engine.tally`: kept by the engine
as the send finishes and as tracking events change its rows, always equal to counting them; a
send still being sent is counted live), read for the sends of the period's financial year and
of the year before in one query. Unsubscribes are one grouped query, clicks per link one more,
over the (send, link) index of the link clicks, cut in the database to each send's most clicked
links.
"""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from core import disclosure
from core.disclosure import TOTAL, Rule
from core.periods import Quarter, Year
from networks.models import ConsentEvent
from sending.engine import tally
from sending.models import PERSONAL_LINK_LABEL, Delivery, LinkClick, Send, SendKind

from ..charts import bar_chart
from ..periods import Period
from .base import Headline, Section, Table, counts_table, grouped_counts_table, headline
from .cube import cube_reader, year_cube

THEME = 6
KINDS = (SendKind.NEWSLETTER, SendKind.UPDATE)
MEASURES = [
    "Sent",
    "Delivered",
    "Bounced",
    "Complaints",
    "Unsubscribes",
    "Clicked",
    "Opened (indicative)",
]
# The clicks-per-link table shows the period's most clicked links: at most LINKS_PER_SEND of
# one send and LINKS_IN_ALL in all (a year of weekly updates would otherwise fill pages of the
# annual PDF with links a handful of people clicked).
LINKS_PER_SEND = 10
LINKS_IN_ALL = 100


def _sends(start, end):
    return Send.objects.filter(kind__in=KINDS, started_at__gte=start, started_at__lt=end)


def _per_send(start, end, full_start, full_end) -> dict[int, dict]:
    """Every send started in [start, end) with its counts: all measures for those started in
    [full_start, full_end), only the emails sent (0) and unsubscribes (4) for the others. The
    delivery counts are each send's tally (`sending.engine.tally.counts`: equal to counting its
    deliveries, a few hundred rows instead of every delivery of the year)."""
    sends = {
        s["id"]: {**s, "counts": [0] * len(MEASURES)}
        for s in _sends(start, end).values("id", "subject", "started_at")
    }
    if not sends:
        return sends
    full = {k for k, s in sends.items() if full_start <= s["started_at"] < full_end}
    for send_id, n in tally.counts(sends).items():
        c = sends[send_id]["counts"]
        c[0] = n["sent"]
        if send_id in full:
            c[1], c[2], c[3], c[5], c[6] = (
                n["delivered"],
                n["bounced"],
                n["complained"],
                n["clicked"],
                n["opened"],
            )
    # An unsubscribe through a link is attributed to the last send of that topic the person
    # was sent before they used it (the link carries no send, so this is the send they had).
    last_send = (
        Delivery.objects.filter(
            contact_id=OuterRef("contact_id"),
            sent_at__lte=OuterRef("at"),
            send__topic=OuterRef("topic"),
            send__kind__in=KINDS,
        )
        .order_by("-sent_at")
        .values("send_id")[:1]
    )
    unsubscribes = (
        ConsentEvent.objects.filter(
            action="unsubscribed",
            source=ConsentEvent.Source.UNSUBSCRIBE_LINK,
            at__gte=start,
        )
        .annotate(send_id=Subquery(last_send))
        .filter(send_id__in=list(sends))
        .values("send_id")
        .annotate(n=Count("contact_id", distinct=True))
    )
    for r in unsubscribes:
        sends[r["send_id"]]["counts"][4] = r["n"]
    return sends


def _clicks_per_link(send_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """{send id: [(link, people who clicked it)]}, most clicked first: the LINKS_IN_ALL most
    clicked of the links that are among the LINKS_PER_SEND most clicked of their send; link ""
    is the personal links together. One grouped query (an index-only scan of (send, link)) cut
    to each send's top links in the database; the cut in all is made here, over those few
    hundred rows at most."""
    if not send_ids:
        return {}
    rows = (
        LinkClick.objects.filter(send_id__in=send_ids)
        .values("send_id", "link")
        .annotate(people=Count("*"))
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("send_id"), order_by=[F("people").desc(), F("link")]
            )
        )
        .filter(rank__lte=LINKS_PER_SEND)
        .order_by()  # not LinkClick's own ordering, which would join the GROUP BY
        .values_list("send_id", "link", "people", "rank")
    )
    kept = sorted(rows, key=lambda r: (-r[2], r[0], r[1]))[:LINKS_IN_ALL]
    per_send: dict[int, list[tuple[str, int]]] = {}
    for send_id, link, people, _rank in sorted(kept, key=lambda r: (r[0], r[3])):
        per_send.setdefault(send_id, []).append((link, people))
    return per_send


def _links_table(ordered: list[dict], rule: Rule, reports: dict[int, str]) -> Table:
    # Each send's links are disclosed as a group of their own: the send's "Clicked" (people who
    # clicked any link) is nearly their total, so it must not give a hidden one back.
    clicks = _clicks_per_link([s["id"] for s in ordered])
    groups, links = [], []
    for s in ordered:
        name = f"{s['subject']} ({timezone.localtime(s['started_at']):%-d %b %Y})"
        rows = clicks.get(s["id"], [])
        if rows:
            labels = [f"{name} · {link or PERSONAL_LINK_LABEL}" for link, _ in rows]
            groups.append((labels, [[n] for _, n in rows]))
            if rule.exact:
                links += [[reports[s["id"]]]] * len(rows)
    return grouped_counts_table(
        "communications-links",
        "Clicks per link",
        "Send · link",
        groups,
        ["People who clicked"],
        rule,
        note="The people who clicked each link of a send, each counted once however often they "
        f"clicked it: the period's {LINKS_IN_ALL} most clicked links, at most {LINKS_PER_SEND} "
        "of each send. Personal links (unsubscribe, preferences, booking and return links) "
        "carry a token of their own: their clicks are counted together on one line and the "
        "links are never shown.",
        links=links if rule.exact else None,
    )


def _sum(sends: dict, start, end) -> list[int]:
    total = [0] * len(MEASURES)
    for s in sends.values():
        if start <= s["started_at"] < end:
            total = [a + b for a, b in zip(total, s["counts"], strict=True)]
    return total


def _linked_figures(everything: dict, period: Period, rule: Rule):
    """`figure(period, send id or TOTAL, measure)` for every quarter and year of the period's
    financial year and the year before, each year one cube of its sends."""

    def build(year) -> disclosure.Linked:
        sends = sorted(
            (s for s in everything.values() if Year.of(s["started_at"]) == year),
            key=lambda s: (s["started_at"], s["id"]),
        )
        values = {
            (Quarter.of(s["started_at"]).key, s["id"], j): n
            for s in sends
            for j, n in enumerate(s["counts"])
        }
        return year_cube(year, values, [s["id"] for s in sends], range(len(MEASURES)), rule)

    year = period.financial_year
    return cube_reader([year.previous(), year], build)


def figures(period: Period, rule: Rule) -> Section:
    """Under the rule (a quarter or a year), the sends of the period's financial year and of
    the year before are read once — every measure for the year's sends, the emails sent and
    unsubscribes for the year before's — and each year is one cube (quarter or the year, send,
    measure) disclosed together (`cube.year_cube`): the per-send table of a quarter and of its
    year, the per-quarter table and the headlines are its slices, so a figure hidden in one is
    hidden in every other. The coordinator's exact view reads the period and its comparisons."""
    section = Section(key="communications", title="Newsletters and updates", theme=THEME)
    linked = not rule.exact and period.is_standard
    if linked:
        year = Period.of_year(period.financial_year)
        span = (Period.of_year(period.financial_year.previous()).start_moment, year.end_moment)
        full = year
    else:
        moments = [
            (p.start_moment, p.end_moment) for p in (period, *(p for _, p in period.comparisons()))
        ]
        span = (min(m[0] for m in moments), max(m[1] for m in moments))
        full = period
    everything = _per_send(*span, full.start_moment, full.end_moment)

    def in_period(s: dict, p: Period) -> bool:
        return p.start_moment <= s["started_at"] < p.end_moment

    current = {k: v for k, v in everything.items() if in_period(v, period)}
    ordered = sorted(current.values(), key=lambda s: (s["started_at"], s["id"]))
    # Each send's report, for the links of the exact view (reversed once, used by two tables).
    reports = (
        {s["id"]: reverse("sending_admin:send_report", args=[s["id"]]) for s in ordered}
        if rule.exact
        else {}
    )
    sends_link = reverse("sending_admin:sends") if rule.exact else ""
    section.headlines.append(
        headline(
            "Newsletters and updates sent",
            period,
            rule,
            lambda p: sum(1 for s in everything.values() if in_period(s, p)),
            link=sends_link,
        )
    )
    names = [f"{s['subject']} ({timezone.localtime(s['started_at']):%-d %b %Y})" for s in ordered]
    table_note = (
        "Opens are indicative only: image blocking hides some, and mail scanners open "
        "others. Unsubscribes are attributed to the last send of that topic the person received."
    )
    quarters = period.quarters()
    if linked:
        figure = _linked_figures(everything, period, rule)
        now_totals = [figure(period, TOTAL, j) for j in range(len(MEASURES))]
        for j, label in ((0, "Emails sent"), (4, "Unsubscribes")):
            section.headlines.append(
                Headline(
                    label=label,
                    value=now_totals[j],
                    comparisons=[(name, figure(p, TOTAL, j)) for name, p in period.comparisons()],
                )
            )
        sent, bounced = _sum(current, period.start_moment, period.end_moment)[0:3:2]
        table = Table(
            key="communications-sends",
            title="Per newsletter issue and update",
            row_heading="Send",
            rows=names,
            columns=list(MEASURES),
            cells=[[figure(period, s["id"], j) for j in range(len(MEASURES))] for s in ordered],
            column_totals=now_totals,
            note=table_note,
        )
        quarter_table = Table(
            key="communications-quarters",
            title="Per quarter",
            row_heading="Quarter",
            rows=[q.label for q in quarters],
            columns=list(MEASURES),
            cells=[
                [figure(Period.of_quarter(q), TOTAL, j) for j in range(len(MEASURES))]
                for q in quarters
            ],
            column_totals=now_totals,
        )
    else:
        now_totals = _sum(everything, period.start_moment, period.end_moment)
        for j, label in ((0, "Emails sent"), (4, "Unsubscribes")):
            section.headlines.append(
                Headline(
                    label=label,
                    value=disclosure.count(now_totals[j], rule),
                    comparisons=[
                        (
                            name,
                            disclosure.count(
                                _sum(everything, p.start_moment, p.end_moment)[j], rule
                            ),
                        )
                        for name, p in period.comparisons()
                    ],
                )
            )
        sent, bounced = now_totals[0], now_totals[2]
        table = counts_table(
            "communications-sends",
            "Per newsletter issue and update",
            "Send",
            names,
            MEASURES,
            [s["counts"] for s in ordered],
            rule,
            row_totals=False,
            note=table_note,
            links=[[reports[s["id"]]] * len(MEASURES) for s in ordered] if rule.exact else None,
        )
        quarter_table = counts_table(
            "communications-quarters",
            "Per quarter",
            "Quarter",
            [q.label for q in quarters],
            MEASURES,
            [
                _sum(everything, Period.of_quarter(q).start_moment, Period.of_quarter(q).end_moment)
                for q in quarters
            ],
            rule,
            row_totals=False,
        )
    section.headlines.append(
        Headline(label="Bounce rate", value=disclosure.rate(bounced, sent, rule, digits=1))
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table, columns=[0, 1], title="Sent and delivered per send"))
    if len(quarters) > 1:
        section.tables.append(quarter_table)

    section.tables.append(_links_table(ordered, rule, reports))

    section.notes.append(
        "A click is a reader following a link in the message, as the mail provider's click "
        "tracking reports it. Clicked counts the people who clicked any link of a send; clicks "
        "per link count the people who clicked each one, so a person who clicked two links "
        "counts on both lines. Personal links (unsubscribe, preferences, booking and return "
        "links) are grouped on one line and never shown."
    )
    return section
