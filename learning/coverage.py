"""Coverage against headcount: for each organisation that stated how many of its staff need
each level (`learning.headcounts`), how many of its people hold that level in date on a day,
and the same summed by sector and by district. Exact figures: disclosure is the caller's
(`learning.disclosed.disclose_coverage`, exact for the coordinator, the partnership's rule for
the board and every export).

- *In date at a level* counts people (`person_key`: a contact, else an address), once per
  organisation, whose highest level in date on the day (`learning.currency.in_date_q`, the one
  expiry rule) is that level or a higher one: a trainer in date counts at levels 1 to 3. An
  expired completion counts nowhere; a person with two completions counts once.
- A completion counts for the organisation it was recorded against (on the day it was made).
- The organisations shown: every one that stated a headcount for some level, and every
  specified authority (one without a headcount is listed as such, never as 0 %).
- A sector or district adds up, level by level, only the organisations that stated that level:
  the people in date and the staff needing it come from the same organisations. An organisation
  counts in its sector and its first district (`networks.organisations.first_districts`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Aggregate, F, IntegerField, Max, Q, Sum, Value

from core.partnership import partnership
from networks.models import District, Organisation, Sector
from networks.organisations import first_districts

from .currency import LEVELS, in_date_q, today, validity_years
from .headcounts import Stated, stated
from .models import Completion, Headcount

NO_DISTRICT = "No district recorded"
ALL = "All organisations with a headcount"


@dataclass
class CoverageRow:
    """An organisation, a sector, a district or the total. `needing[level]` is None where no
    organisation of the row stated that level."""

    key: object
    label: str
    in_date: dict[int, int] = field(default_factory=dict)
    needing: dict[int, int | None] = field(default_factory=dict)
    sector: str = ""
    district_id: int | None = None
    statements: dict[int, Stated] = field(default_factory=dict)  # an organisation's own
    organisations: int = 0  # a group's organisations with a headcount

    @property
    def has_headcount(self) -> bool:
        return any(n is not None for n in self.needing.values())

    @property
    def as_of(self) -> date | None:
        return max((s.as_of for s in self.statements.values()), default=None)


@dataclass
class Coverage:
    on: date
    target: int
    organisations: list[CoverageRow]  # a headcount stated for one level at least, by name
    unstated: list[CoverageRow]  # specified authorities with none, by name
    by_sector: list[CoverageRow]
    by_district: list[CoverageRow]
    total: CoverageRow
    people: People  # of every organisation shown, specified authorities included


class BitOr(Aggregate):
    function = "BIT_OR"


def _levels_held():
    """One aggregate for the set of levels a group of completions holds: bit L set for level
    L. PostgreSQL's BIT_OR (three CASE aggregates cost the pairs' hash a third more); SQLite
    (`make run`) has none, and sums the distinct bits instead."""
    bit = Value(1).bitleftshift(F("level"))
    if connection.vendor == "postgresql":
        return BitOr(bit, output_field=IntegerField())
    return Sum(bit, distinct=True, output_field=IntegerField())


@dataclass
class People:
    """People of each organisation (`person_key`, once per organisation): `ever[org][level]`
    held that level at any time; `in_date[org][level]` hold it, or a higher level, in date."""

    ever: dict[int, dict[int, int]]
    in_date: dict[int, dict[int, int]]


def people_of(organisation_ids, on: date, years=None) -> People:
    """The people of `organisation_ids` (ids, or a queryset of them), in ONE query: each
    (organisation, person) pair with the levels it ever held and its highest level in date on
    `on` (one hash of the pairs, the completions read once on the organisation index), then
    the pairs counted per organisation and combination. The take-up report's specified
    authorities and its coverage both read it."""
    ever: dict[int, dict[int, int]] = {}
    in_date: dict[int, dict[int, int]] = {}
    if isinstance(organisation_ids, list | tuple | set) and not organisation_ids:
        return People(ever, in_date)
    pairs = (
        Completion.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id", "person_key")
        .annotate(held=_levels_held(), top=Max("level", filter=in_date_q(on, years)))
        .order_by()
    )
    # The ORM cannot group over a subquery; the inner query is the ORM's, parameters apart.
    inner, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT organisation_id, held, top, COUNT(*) FROM ({inner}) AS people "  # noqa: S608
            "GROUP BY organisation_id, held, top",
            params,
        )
        for org, held, top, n in cursor.fetchall():
            counts = ever.setdefault(org, dict.fromkeys(LEVELS, 0))
            for level in LEVELS:
                if held & (1 << level):
                    counts[level] += n
            counts = in_date.setdefault(org, dict.fromkeys(LEVELS, 0))
            for level in LEVELS:
                if top is not None and level <= top:
                    counts[level] += n
    return People(ever, in_date)


def coverage(on: date | None = None, *, unstated_people: bool = True) -> Coverage:
    """Coverage on `on` (default today) with the headcounts stated by then. Five queries,
    whatever the number of organisations (the partnership's settings apart). Without
    `unstated_people` (a reader that shows only the organisations with a headcount, as the
    board's section does), the people of authorities without one are not counted."""
    on, settings = on or today(), partnership()
    headcounts = stated(on)
    shown = Organisation.objects.filter(
        Q(is_specified_authority=True)
        | Q(pk__in=Headcount.objects.filter(as_of__lte=on).values("organisation_id"))
    )
    orgs = list(shown.values_list("pk", "name", "sector").order_by("name"))
    # A list of ids, not a subquery: the completions are then read on the organisation index
    # (a bitmap scan), where a subquery's hash join read every completion.
    ids = [pk for pk, _, _ in orgs if unstated_people or pk in headcounts]
    people = people_of(ids, on, validity_years(settings))
    districts = first_districts()  # every organisation's: cheaper than an IN list of most
    district_rows = list(District.objects.values_list("pk", "name"))
    sector_names = dict(Sector.choices)

    listed, unstated = [], []
    for pk, name, sector in orgs:
        said = headcounts.get(pk, {})
        row = CoverageRow(
            key=pk,
            label=name,
            in_date=people.in_date.get(pk, dict.fromkeys(LEVELS, 0)),
            needing={
                level: said[level].staff_needing if level in said else None for level in LEVELS
            },
            sector=sector,
            district_id=districts.get(pk),
            statements=said,
        )
        (listed if said else unstated).append(row)

    def group(key, label, rows) -> CoverageRow:
        total = CoverageRow(key, label, organisations=len(rows))
        for level in LEVELS:
            stating = [r for r in rows if r.needing[level] is not None]
            total.in_date[level] = sum(r.in_date[level] for r in stating)
            total.needing[level] = sum(r.needing[level] for r in stating) if stating else None
        return total

    sectors, districts_of = defaultdict(list), defaultdict(list)
    for r in listed:
        sectors[r.sector].append(r)
        districts_of[r.district_id].append(r)
    order = {value: i for i, (value, _) in enumerate(Sector.choices)}
    by_sector = [
        group(s, sector_names.get(s, s), sectors[s])
        for s in sorted(sectors, key=lambda s: order.get(s, len(order)))
    ]
    by_district = [
        group(d, name, districts_of[d]) for d, name in district_rows if d in districts_of
    ]
    if None in districts_of:
        by_district.append(group(None, NO_DISTRICT, districts_of[None]))
    return Coverage(
        on=on,
        target=settings.training_coverage_target,
        organisations=listed,
        unstated=unstated,
        by_sector=by_sector,
        by_district=by_district,
        total=group(None, ALL, listed),
        people=people,
    )
