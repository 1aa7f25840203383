"""Leadership (theme 2, action 2.1): which specified authorities have a Prevent lead in the
directory, by sector, and which have none."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from core import disclosure
from core.disclosure import Rule
from networks.models import Contact, Organisation, Sector
from networks.reference_data import PREVENT_LEAD

from ..charts import bar_chart
from ..periods import Period
from .base import Headline, Section, counts_table

THEME = 2


def _authorities(period: Period):
    lead = Contact.objects.filter(
        organisation=OuterRef("pk"),
        roles__slug=PREVENT_LEAD,
        is_active=True,
        erased_at__isnull=True,
        created_at__lt=period.end_moment,
    )
    return Organisation.objects.filter(is_specified_authority=True).annotate(has_lead=Exists(lead))


def figures(period: Period, rule: Rule) -> Section:
    section = Section(
        key="governance", title="Prevent leads in the specified authorities", theme=THEME
    )
    orgs = list(_authorities(period).values_list("name", "sector", "has_lead"))
    with_lead = sum(1 for _, _, has in orgs if has)

    def covered(p: Period) -> int:
        return _authorities(p).filter(has_lead=True).count()

    section.headlines.append(
        Headline(
            label="Specified authorities with a Prevent lead",
            value=disclosure.count(with_lead, rule),
            comparisons=[
                (name, disclosure.count(covered(p), rule)) for name, p in period.comparisons()
            ],
        )
    )
    section.headlines.append(
        Headline(
            label="Coverage of the specified authorities",
            value=disclosure.rate(with_lead, len(orgs), rule),
        )
    )
    sectors = [(s, label) for s, label in Sector.choices if any(o[1] == s for o in orgs)]
    table = counts_table(
        "governance-leads",
        "Specified authorities with and without a Prevent lead, by sector",
        "Sector",
        [label for _, label in sectors],
        ["With a Prevent lead", "Without"],
        [
            [
                sum(1 for _, sector, has in orgs if sector == s and has),
                sum(1 for _, sector, has in orgs if sector == s and not has),
            ]
            for s, _ in sectors
        ],
        rule,
        note="Organisations are counted, not people: a lead is a directory contact of the "
        "organisation with the Prevent lead role.",
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table))
    # A list of names says exactly how many there are: it is shown only where the count it
    # lists ("Without", for the sector) is itself shown, never to explain a hidden one.
    listed = {s for (s, _), row in zip(sectors, table.cells, strict=True) if not row[1].hidden}
    missing = sorted(name for name, sector, has in orgs if not has and sector in listed)
    unlisted = sum(1 for _, sector, has in orgs if not has and sector not in listed)
    if missing:
        section.notes.append(
            "Specified authorities with no Prevent lead: " + "; ".join(missing) + "."
        )
    elif not unlisted:
        section.notes.append("Every specified authority has a Prevent lead.")
    if unlisted:
        section.notes.append(
            "Authorities without a Prevent lead are not named in a sector whose count is not shown."
        )
    return section
