"""The take-up report (seed action 3.5: "monitor take-up of the packages quarterly"): exact
counts, worked out in SQL, for one period. Disclosure is the caller's: `learning.views` passes
every figure through `core.disclosure` (exact for the coordinator, suppressed for the board and
every export).

Every breakdown is an aggregate query over `Completion` using one of its indexes; nothing here
loops over completions in Python, so the report costs the same for 2,000 or 200,000 rows.

Figures a partner's return reports for an organisation without recorded completions arrive
from the sources registered with `learning.reported.register_reported_takeup` and are kept apart
(`reported`), marked as reported wherever they are shown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Exists, OuterRef, Q

from core.db import reading_aggregates
from core.periods import Period, Quarter
from events.models import EventFeedback
from networks.models import Contact, District, Organisation, Role, Sector
from networks.reference_data import PREVENT_LEAD

from .coverage import Coverage, People, coverage, people_of
from .currency import in_date_q, today
from .levels import Level
from .models import Completion, Expectation, TrainingSessionPage
from .reported import ReportedTakeup, reported_takeup

LEVELS = [value for value, _ in Level.choices]
TREND_QUARTERS = 8
NO_SECTOR = "No organisation recorded"
NO_DISTRICT = "No district recorded"


@dataclass
class Row:
    """One line of a breakdown: its label and a count per level."""

    label: str
    counts: dict[int, int]
    key: object = None
    reported: bool = False

    def by_level(self) -> list[int]:
        return [self.counts.get(level, 0) for level in LEVELS]


@dataclass
class AuthorityRow:
    organisation: str
    organisation_id: int
    has_lead: bool
    lead_holds_level_3: bool
    people: dict[int, int]

    def by_level(self) -> list[int]:
        return [self.people.get(level, 0) for level in LEVELS]


@dataclass
class Gap:
    """A framework line and who it expects a level of but finds none: organisations with no
    completion at that level (a line about everyone in them), or the people of the line's roles
    without it, by organisation."""

    expectation: Expectation
    organisations: list[tuple[str, int | None]] = field(default_factory=list)
    people_without: int | None = None

    @property
    def is_about_people(self) -> bool:
        return self.people_without is not None


@dataclass
class FeedbackRow:
    package: str
    answers: int
    average: float | None


@dataclass
class TakeupReport:
    period: Period
    by_level: dict[int, int]
    by_quarter: list[Row]
    by_sector: list[Row]
    by_district: list[Row]
    by_organisation: list[Row]
    authorities: list[AuthorityRow]
    gaps: list[Gap]
    feedback: list[FeedbackRow]
    reported: list[ReportedTakeup]
    reported_by_level: dict[int, int]
    coverage: Coverage

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


def _grouped(period: Period) -> list[dict]:
    """The period's completions grouped by where they were made and level (a few thousand
    groups at most), `n` each: the breakdowns' one aggregate, over the period's days only."""
    return list(
        Completion.objects.filter(completed_on__gte=period.start, completed_on__lte=period.end)
        .values("organisation_id", "organisation_name", "sector", "district_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )


def trend(period: Period) -> list[Row]:
    """The trend: the TREND_QUARTERS quarters ending with the period's last, oldest first. One
    aggregate by level and day over their days (the (completed_on, level) index alone answers
    it), folded into quarters here: a few thousand rows, where counting each quarter in SQL
    (a conditional count per quarter, on every row) cost more than the scan."""
    quarters = period.last_quarter.last(TREND_QUARTERS)
    rows = [Row(q.label, dict.fromkeys(LEVELS, 0), q) for q in quarters]
    starts = [q.start for q in quarters]
    days = (
        Completion.objects.filter(completed_on__gte=starts[0], completed_on__lte=quarters[-1].end)
        .values_list("level", "completed_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for level, day, n in days:
        counts = rows[bisect_right(starts, day) - 1].counts
        counts[level] = counts.get(level, 0) + n
    return rows


def breakdowns(values: list[dict]) -> tuple[list[Row], list[Row], list[Row]]:
    """(by sector, by district, by organisation) for the period, folded three ways from the
    grouped counts of `_grouped`."""
    values = [item for item in values if item["n"]]
    sector_labels = dict(Sector.choices)
    districts = {d.pk: d for d in District.objects.all()}
    # Every organisation's name (a partnership has hundreds or a few thousand): cheaper than
    # an IN list of the period's, which cost more to build and parse than the rows.
    org_names = dict(Organisation.objects.values_list("pk", "name").order_by())
    sectors: dict[str, Row] = {}
    by_district: dict[int | None, Row] = {}
    orgs: dict[object, Row] = {}
    for item in values:
        level, n = item["level"], item["n"]
        sector = item["sector"]
        row = sectors.get(sector) or sectors.setdefault(
            sector, Row(sector_labels.get(sector) or NO_SECTOR, {}, sector)
        )
        row.counts[level] = row.counts.get(level, 0) + n
        district = districts.get(item["district_id"])
        key = district.pk if district else None
        row = by_district.get(key) or by_district.setdefault(
            key, Row(district.name if district else NO_DISTRICT, {}, key)
        )
        row.counts[level] = row.counts.get(level, 0) + n
        if item["organisation_id"]:
            key, label = item["organisation_id"], org_names[item["organisation_id"]]
        elif item["organisation_name"].strip():
            typed = item["organisation_name"].strip()
            key, label = f"as given: {typed.casefold()}", f"{typed} (as given)"
        else:
            key, label = "as given: ", "No organisation recorded"
        row = orgs.get(key) or orgs.setdefault(key, Row(label, {}, key))
        row.counts[level] = row.counts.get(level, 0) + n
    order = {value: i for i, (value, _) in enumerate(Sector.choices)}
    return (
        sorted(sectors.values(), key=lambda r: order.get(r.key, len(order))),
        sorted(
            by_district.values(),
            key=lambda r: (r.key is None, districts[r.key].sort_order if r.key else 0, r.label),
        ),
        sorted(orgs.values(), key=lambda r: (isinstance(r.key, str), r.label.casefold())),
    )


def period_breakdowns(period: Period) -> tuple[list[Row], list[Row], list[Row]]:
    """(by sector, by district, by organisation) for `period`: the take-up report's own grouped
    query and folding, for readers outside the report (the board's learning section)."""
    return breakdowns(_grouped(period))


def quarterly_values(period: Period) -> tuple[list[dict], list[Quarter]]:
    """The take-up report's counts, grouped by where they were made (sector and district) and
    level, for the TREND_QUARTERS quarters ending with the period's last, each quarter's in
    `q0`…`q7`: one query over those quarters' days, for readers that disclose quarters and their
    years together (the board), which need no organisation (fewer, narrower groups)."""
    quarters = period.last_quarter.last(TREND_QUARTERS)
    values = list(
        Completion.objects.filter(
            completed_on__gte=min(q.start for q in quarters),
            completed_on__lte=max(q.end for q in quarters),
        )
        .values("sector", "district_id", "level")
        .annotate(
            **{
                f"q{i}": Count("pk", filter=Q(completed_on__gte=q.start, completed_on__lte=q.end))
                for i, q in enumerate(quarters)
            }
        )
        .order_by()
    )
    return values, quarters


def specified_authorities(
    people: People | None = None, holders: dict | None = None, lead_role: int | None = None
) -> list[AuthorityRow]:
    """Each specified authority: does it have a Prevent lead in the directory, does one of them
    hold level 3, and how many of its people hold each level (ever; a person counted once per
    level, by `person_key`). An erased person counts in the numbers but is nobody's lead.

    One query for the authorities, whatever their number; the people per level from
    `learning.coverage.people_of` (given: the coverage's, which covers every authority; else
    one more query); the Prevent leads, and those holding level 3, from the role holders'
    counts (`_role_holders_without` with the Prevent lead role and level 3: given, the gaps'
    own; else one more query)."""
    orgs = list(
        Organisation.objects.filter(is_specified_authority=True)
        .values_list("pk", "name")
        .order_by("name")
    )
    ids = [pk for pk, _ in orgs]
    if holders is None:
        lead_role = _lead_role()
        holders = _role_holders_without([lead_role] if lead_role else [], [3])
    leads: dict[int, list[int]] = {}  # organisation: [leads, leads holding level 3]
    for (role_id, org_id, _), counts in holders.items():
        if role_id == lead_role and org_id is not None:
            found = leads.setdefault(org_id, [0, 0])
            found[0] += counts["all"]
            found[1] += counts["all"] - counts[3]
    held = (people or people_of(ids, today())).ever
    return [
        AuthorityRow(
            name, pk, bool(leads.get(pk, [0])[0]), bool(leads.get(pk, [0, 0])[1]), held.get(pk, {})
        )
        for pk, name in orgs
    ]


def _lead_role() -> int | None:
    return Role.objects.filter(slug=PREVENT_LEAD).values_list("pk", flat=True).first()


def _organisations_in_scope(line: Expectation):
    orgs = Organisation.objects.all()
    if line.sector:
        orgs = orgs.filter(sector=line.sector)
    if line.specified_authorities_only:
        orgs = orgs.filter(is_specified_authority=True)
    return orgs


def _role_holders_without(role_ids, levels, on: date | None = None):
    """For each (role, organisation) the people of that role (active, not erased), and those
    of them WITHOUT each level in date on `on` (default today; `learning.currency.in_date_q`):
    one grouped query over the role holders, whatever the number of framework lines.
    {(role id, organisation id, name as given): {"all": n, level: n}}."""
    if not role_ids:
        return {}
    current = in_date_q(on or today())

    def lacks(level):
        # A completion with a contact is never erased (`erased_completion_has_no_contact`).
        return ~Exists(
            Completion.objects.filter(current, contact=OuterRef("contact_id"), level=level)
        )

    rows = (
        Contact.roles.through.objects.filter(
            role_id__in=role_ids, contact__is_active=True, contact__erased_at__isnull=True
        )
        .values("role_id", "contact__organisation_id", "contact__organisation_name")
        .annotate(
            everyone=Count("pk"),
            **{f"l{level}": Count("pk", filter=lacks(level)) for level in levels},
        )
        .order_by()
    )
    return {
        (r["role_id"], r["contact__organisation_id"], r["contact__organisation_name"]): {
            "all": r["everyone"],
            **{level: r[f"l{level}"] for level in levels},
        }
        for r in rows
    }


def _framework() -> list[Expectation]:
    return list(Expectation.objects.prefetch_related("roles"))


def _single_role_lines(lines) -> dict[int, int]:
    """{line id: its role's id} for the framework lines about exactly one role."""
    return {line.pk: line.roles.all()[0].pk for line in lines if len(line.roles.all()) == 1}


def gaps(
    lines: list[Expectation] | None = None, holders: dict | None = None, on: date | None = None
) -> list[Gap]:
    """ "Who to target next": for each line of the competency framework, the organisations (or
    the people of its roles, by organisation) with no completion at the level it expects. A
    completion at that level in date on `on` (default today) counts as holding it.

    Lines about one role are answered together by one grouped query (`holders`, given by the
    take-up report, which asks it for the Prevent leads too); a line about several roles is
    counted on its own (so a person holding two of its roles counts once)."""
    lines = lines if lines is not None else _framework()
    single = _single_role_lines(lines)
    held = (
        holders
        if holders is not None
        else _role_holders_without(
            sorted(set(single.values())),
            sorted({line.level for line in lines if line.pk in single}),
            on,
        )
    )
    orgs = {
        o["pk"]: o
        for o in Organisation.objects.values("pk", "name", "sector", "is_specified_authority")
    }
    result = []
    for line in lines:
        role_ids = [r.pk for r in line.roles.all()]
        if not role_ids:
            has = Completion.objects.filter(
                in_date_q(on or today()), organisation=OuterRef("pk"), level=line.level
            )
            names = (
                _organisations_in_scope(line)
                .exclude(Exists(has))
                .order_by("name")
                .values_list("name", flat=True)
            )
            result.append(Gap(line, [(name, None) for name in names]))
            continue
        organisations = defaultdict(int)
        if line.pk in single:
            counted = (
                (org_id, typed, levels[line.level])
                for (role_id, org_id, typed), levels in held.items()
                if role_id == single[line.pk]
            )
        else:
            counted = _people_without(line, role_ids)
        for org_id, typed, n in counted:
            org = orgs.get(org_id)
            if line.sector and (org is None or org["sector"] != line.sector):
                continue
            if line.specified_authorities_only and (
                org is None or not org["is_specified_authority"]
            ):
                continue
            if not n:
                continue
            if org is not None:
                name = org["name"]
            else:
                name = f"{typed} (as given)" if typed else "No organisation recorded"
            organisations[name] += n
        ordered = sorted(organisations.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        result.append(Gap(line, ordered, sum(organisations.values())))
    return result


def _people_without(line, role_ids):
    holds = Completion.objects.filter(contact=OuterRef("pk"), level=line.level)
    in_role = Contact.roles.through.objects.filter(contact=OuterRef("pk"), role__in=role_ids)
    people = Contact.objects.filter(Exists(in_role), is_active=True, erased_at__isnull=True)
    rows = (
        people.exclude(Exists(holds))
        .values("organisation_id", "organisation_name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ((r["organisation_id"], r["organisation_name"], r["n"]) for r in rows)


def feedback_by_package(period: Period) -> list[FeedbackRow]:
    """Course feedback (the events' after-session form) per package: the session's package
    page, else its level. Sessions that ended within the period."""
    values = (
        EventFeedback.objects.filter(
            invitation__event__in=TrainingSessionPage.objects.filter(
                end_at__date__gte=period.start, end_at__date__lte=period.end
            ).values("pk"),
        )
        .values(
            "invitation__event__trainingsessionpage__package__title",
            "invitation__event__trainingsessionpage__level",
        )
        .annotate(answers=Count("pk"), average=Avg("usefulness"))
        .order_by()
    )
    levels = dict(Level.choices)
    rows = defaultdict(lambda: [0, 0.0])
    for item in values:
        name = item["invitation__event__trainingsessionpage__package__title"] or levels.get(
            item["invitation__event__trainingsessionpage__level"], "Other sessions"
        )
        rows[name][0] += item["answers"]
        rows[name][1] += item["answers"] * float(item["average"])
    return [
        FeedbackRow(name, answers, total / answers if answers else None)
        for name, (answers, total) in sorted(rows.items())
    ]


def _reported(period: Period, values: list[dict]) -> list[ReportedTakeup]:
    """Reported figures of the period, only where nothing is recorded for that organisation and
    level in the period (a return does not add to what the partnership counted itself); what
    is recorded is read from the period's grouped counts."""
    reported = [r for r in reported_takeup(period.start, period.end) if r.count > 0]
    if not reported:
        return []
    recorded = {
        (item["organisation_id"], item["level"])
        for item in values
        if item["n"] and item["organisation_id"] is not None
    }
    return [r for r in reported if (r.organisation_id, r.level) not in recorded]


def takeup_report(period: Period) -> TakeupReport:
    """Every figure of the take-up report for `period`, exact: read in one transaction without
    PostgreSQL's JIT (`core.db.reading_aggregates`)."""
    with reading_aggregates():
        return _takeup_report(period)


def _takeup_report(period: Period) -> TakeupReport:
    values = _grouped(period)
    sectors, districts, organisations = breakdowns(values)
    levels = {level: sum(r.counts.get(level, 0) for r in sectors) for level in LEVELS}
    reported = _reported(period, values)
    reported_by_level = dict.fromkeys(LEVELS, 0)
    extra: dict[int, Row] = {}
    for item in reported:
        reported_by_level[item.level] = reported_by_level.get(item.level, 0) + item.count
        row = extra.setdefault(
            item.organisation_id, Row(item.organisation_name, {}, item.organisation_id, True)
        )
        row.counts[item.level] = row.counts.get(item.level, 0) + item.count
    cov = coverage(coverage_day(period))
    # One count of the role holders for the framework's gaps and the authorities' leads, in
    # date on the period's last day (what the period's report says they held by its end).
    day = period.end
    lines, lead_role = _framework(), _lead_role()
    single = _single_role_lines(lines)
    holders = _role_holders_without(
        sorted(set(single.values()) | ({lead_role} if lead_role else set())),
        sorted({line.level for line in lines if line.pk in single} | {3}),
        day,
    )
    return TakeupReport(
        period=period,
        by_level=levels,
        by_quarter=trend(period),
        by_sector=sectors,
        by_district=districts,
        by_organisation=organisations + sorted(extra.values(), key=lambda r: r.label.casefold()),
        authorities=specified_authorities(cov.people, holders, lead_role),
        gaps=gaps(lines, holders, day),
        feedback=feedback_by_package(period),
        reported=reported,
        reported_by_level=reported_by_level,
        coverage=cov,
    )


def coverage_day(period: Period):
    """The day a period's coverage is measured on: its last day, or today while it runs."""
    return min(period.end, today())
