"""Reach (theme 1): the directory by district and sector, subscriptions and opt-outs, and the
size of each district's community Prevent network (thin ones flagged)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from core import disclosure
from core.disclosure import TOTAL, Rule
from networks.models import ConsentEvent, Contact, District, NetworkMembership, Sector

from ..charts import bar_chart
from ..periods import Period
from ..stats import Bucket
from .base import (
    Section,
    Table,
    counts_table,
    family_periods,
    headline,
    quarter_headlines,
)
from .cube import cube_reader, year_cube

THEME = 1
NOT_KNOWN = "Not known"
SUBSCRIPTION_COLUMNS = ["New subscriptions", "Opt-outs"]


def _contacts_at_ends(periods: list[Period]) -> dict[str, int]:
    """{period key: contacts in the directory (active, not erased) at the end of the period}
    for each of `periods`, from one grouped scan: each contact is placed between the periods'
    ends by when it was added (`stats.Bucket`), and a period's count is every bucket before its
    end."""
    ends = sorted({p.end_moment for p in periods})
    rows = (
        Contact.objects.filter(is_active=True, erased_at__isnull=True, created_at__lt=ends[-1])
        .annotate(bucket=Bucket("created_at", ends))
        .order_by()
        .values("bucket")
        .annotate(n=Count("pk"))
    )
    added = {r["bucket"]: r["n"] for r in rows}  # -1: before the first end
    return {
        p.key: sum(n for bucket, n in added.items() if bucket < ends.index(p.end_moment))
        for p in periods
    }


def _contacts_by_district_and_sector(period: Period) -> list[tuple]:
    """(district id or None, sector or None, contacts) for the directory at the end of the
    period. The contacts are counted per (district, organisation) first, in one scan (the
    left join gives a contact with no district a NULL one, the "Not known" row; (contact,
    district) is unique, so no DISTINCT), and only those few groups are joined to the
    organisations for their sector — not every contact."""
    sql = (
        "SELECT g.district_id, o.sector, SUM(g.n) FROM ("
        "  SELECT cd.district_id, c.organisation_id, COUNT(*) AS n"
        "  FROM networks_contact c"
        "  LEFT JOIN networks_contact_districts cd ON cd.contact_id = c.id"
        "  WHERE c.created_at < %s AND c.is_active AND c.erased_at IS NULL"
        "  GROUP BY cd.district_id, c.organisation_id"
        ") g LEFT JOIN networks_organisation o ON o.id = g.organisation_id "
        "GROUP BY g.district_id, o.sector"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.end_moment])
        return [(d, sector, int(n)) for d, sector, n in cursor.fetchall()]


def _subscriptions_by_district(period: Period) -> list[dict]:
    """People who subscribed / opted out in the period, per district of theirs (None: no
    district). The period's events are first reduced to one row per person (a pre-aggregated
    subquery), then joined to the districts: no COUNT(DISTINCT) over events × districts, and
    no scan of the whole directory."""
    sql = (
        "SELECT cd.district_id, SUM(e.sub), SUM(e.unsub) FROM ("
        "  SELECT contact_id,"
        "    MAX(CASE WHEN action = 'subscribed' THEN 1 ELSE 0 END) AS sub,"
        "    MAX(CASE WHEN action = 'unsubscribed' THEN 1 ELSE 0 END) AS unsub"
        "  FROM networks_consentevent"
        "  WHERE action IN ('subscribed', 'unsubscribed') AND at >= %s AND at < %s"
        "    AND contact_id IS NOT NULL"
        "  GROUP BY contact_id"
        ") e LEFT JOIN networks_contact_districts cd ON cd.contact_id = e.contact_id "
        "GROUP BY cd.district_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.start_moment, period.end_moment])
        return [
            {"districts": d, "subscribed": sub or 0, "unsubscribed": unsub or 0}
            for d, sub, unsub in cursor.fetchall()
        ]


def _subscriptions_by_quarter_and_district(year: Period) -> tuple[list[tuple], list[tuple]]:
    """For each quarter of `year`, (quarter key, district id or None, subscribed, opted out),
    each person once per quarter as `_subscriptions_by_district` counts them; and the same for
    the year, (district id or None, subscribed, opted out), each person once in the year. One
    scan of the year's events: each person is reduced per quarter and for the year at once
    (grouping sets); the quarter is found by comparing with its bounds (`width_bucket`,
    as `stats.Bucket`)."""
    quarters = [Period.of_quarter(q) for q in year.year.quarters()]
    sql = (
        "SELECT e.q, cd.district_id, SUM(e.sub), SUM(e.unsub) FROM ("
        "  SELECT contact_id, width_bucket(at, %s::timestamptz[]) - 1 AS q,"
        "    MAX(CASE WHEN action = 'subscribed' THEN 1 ELSE 0 END) AS sub,"
        "    MAX(CASE WHEN action = 'unsubscribed' THEN 1 ELSE 0 END) AS unsub"
        "  FROM networks_consentevent"
        "  WHERE action IN ('subscribed', 'unsubscribed') AND at >= %s AND at < %s"
        "    AND contact_id IS NOT NULL"
        "  GROUP BY GROUPING SETS ((contact_id, q), (contact_id))"
        ") e LEFT JOIN networks_contact_districts cd ON cd.contact_id = e.contact_id "
        "GROUP BY e.q, cd.district_id"
    )
    by_quarter, whole = [], []
    with connection.cursor() as cursor:
        bounds = [q.start_moment for q in quarters]
        cursor.execute(sql, [bounds, year.start_moment, year.end_moment])
        for q, d, sub, unsub in cursor.fetchall():
            if q is None:
                whole.append((d, sub or 0, unsub or 0))
            else:
                by_quarter.append((quarters[q].key, d, sub or 0, unsub or 0))
    return by_quarter, whole


def _subscriptions_table(period: Period, rule: Rule, district_ids, district_names) -> Table:
    """People who subscribed / opted out per district. Under the rule, the period's financial
    year is one cube (quarter or the year, district, subscribed or opted out), so a quarter's
    table and its year's are disclosed together and neither gives back what the other hides
    (a person is counted once in the year however many quarters they were in). One grouped
    query gives the year's quarters and the year."""
    known = set(district_ids)
    note = "People who subscribed to, or opted out of, at least one topic in the period."
    if rule.exact or not period.is_standard:
        subs = [[0, 0] for _ in district_ids]
        index = {d: i for i, d in enumerate(district_ids)}
        for r in _subscriptions_by_district(period):
            row = subs[index[r["districts"] if r["districts"] in known else None]]
            row[0] += r["subscribed"]
            row[1] += r["unsubscribed"]
        return counts_table(
            "reach-subscriptions",
            "Subscriptions and opt-outs by district",
            "District",
            district_names,
            SUBSCRIPTION_COLUMNS,
            subs,
            rule,
            row_totals=False,
            note=note,
        )

    def build(y) -> disclosure.Linked:
        by_quarter, whole = _subscriptions_by_quarter_and_district(Period.of_year(y))
        values: dict[tuple, int] = {}
        for q, d, sub, unsub in by_quarter:
            d = d if d in known else None
            for j, n in ((0, sub), (1, unsub)):
                values[(q, d, j)] = values.get((q, d, j), 0) + n
        year_values: dict[tuple, int] = {}
        for d, sub, unsub in whole:
            d = d if d in known else None
            for j, n in ((0, sub), (1, unsub)):
                year_values[(d, j)] = year_values.get((d, j), 0) + n
        return year_cube(y, values, district_ids, (0, 1), rule, year_values=year_values)

    figure = cube_reader([period.financial_year], build)
    return Table(
        key="reach-subscriptions",
        title="Subscriptions and opt-outs by district",
        row_heading="District",
        rows=list(district_names),
        columns=list(SUBSCRIPTION_COLUMNS),
        cells=[[figure(period, d, j) for j in (0, 1)] for d in district_ids],
        column_totals=[figure(period, TOTAL, j) for j in (0, 1)],
        note=note,
    )


def _district_labels():
    districts = list(District.objects.order_by("sort_order", "name").values_list("id", "name"))
    return [d for d, _ in districts] + [None], [n for _, n in districts] + [NOT_KNOWN]


def _contacts_link(base: str, district_id, sector) -> str:
    """The directory (`base`, its reversed URL) filtered by district and sector."""
    query = {}
    if district_id:
        query["district"] = district_id
    if sector:
        query["sector"] = sector
    return base + ("?" + urlencode(query) if query else "")


def _thin_note(table, thin: int, rule: Rule) -> str:
    """The districts whose community network is thin (under `thin` members), read from the
    table as disclosed: a flag with its own threshold must not narrow a hidden range ("1–7"
    flagged "under 5" would say 1–4), so under the rule a hidden size is named as hidden, never
    as thin or not."""
    sizes = [(name, row[0]) for name, row in zip(table.rows, table.cells, strict=True)]
    thin_names = [n for n, f in sizes if f.number is not None and f.number < thin]
    hidden = [n for n, f in sizes if f.hidden]
    note = (
        f"Thin or missing community networks (under {thin} members): " + ", ".join(thin_names) + "."
        if thin_names
        else f"No district's community network is shown as thin (under {thin} members)."
    )
    if hidden:
        note += (
            " Networks whose size is not shown, which may or may not be thin: "
            + ", ".join(hidden)
            + "."
        )
    return note


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="reach", title="Reach", theme=THEME)
    contacts_label = "Contacts in the directory (at the end of the period)"
    directory = reverse("wagtailsnippets_networks_contact:list")
    compared = [period, *(p for _, p in period.comparisons())]
    at_ends = _contacts_at_ends(compared + ([] if rule.exact else family_periods(period)))
    section.headlines = [
        headline(
            contacts_label,
            period,
            rule,
            lambda p: at_ends[p.key],
            link=directory,
        ),
        *quarter_headlines(
            period,
            rule,
            ConsentEvent.objects.all(),
            "at",
            [("New subscriptions", Q(action="subscribed")), ("Opt-outs", Q(action="unsubscribed"))],
        ),
    ]

    district_ids, district_names = _district_labels()
    sectors = list(Sector.choices) + [(None, NOT_KNOWN)]
    index = {d: i for i, d in enumerate(district_ids)}
    col = {s: j for j, (s, _) in enumerate(sectors)}
    grid = [[0] * len(sectors) for _ in district_ids]
    for district_id, sector, n in _contacts_by_district_and_sector(period):
        grid[index.get(district_id, index[None])][col[sector]] += n
    table = counts_table(
        "reach-district-sector",
        "Contacts by district and sector",
        "District",
        district_names,
        [label for _, label in sectors],
        grid,
        rule,
        note="A contact in two districts counts in each.",
        links=[[_contacts_link(directory, d, s) for s, _ in sectors] for d in district_ids]
        if rule.exact
        else None,
    )
    section.tables.append(table)

    subs_table = _subscriptions_table(period, rule, district_ids, district_names)
    section.tables.append(subs_table)
    section.charts.append(bar_chart(subs_table))

    thin = settings.NETWORKS_THIN_NETWORK_SIZE
    end = period.end
    sizes = (
        NetworkMembership.objects.filter(network__district__isnull=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=end))
        .filter(contact__is_active=True, contact__erased_at__isnull=True)
        .values("network__district_id")
        .annotate(n=Count("contact_id", distinct=True))
    )
    by_district = {r["network__district_id"]: r["n"] for r in sizes}
    real = [(d, n) for d, n in zip(district_ids, district_names, strict=True) if d is not None]
    network_table = counts_table(
        "reach-networks",
        "Community network members by district",
        "District",
        [n for _, n in real],
        ["Members"],
        [[by_district.get(d, 0)] for d, _ in real],
        rule,
        row_totals=False,
        note=f"Members at the end of the period; a network under {thin} members is thin.",
    )
    section.tables.append(network_table)
    section.charts.append(bar_chart(network_table))
    section.notes.append(_thin_note(network_table, thin, rule))
    return section
