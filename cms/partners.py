"""The public partner list: which organisations and networks work in each district.

Reads names and districts only. Contacts, memberships and non-public networks never leave here.
"""

from dataclasses import dataclass, field

from networks.models import District, Network, Organisation


@dataclass
class DistrictPartners:
    name: str
    slug: str
    organisations: list[dict] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)


def partners_by_district() -> list[DistrictPartners]:
    """Each district (in its sort order) with its organisations (name, sector label, website) and
    its public networks (name). Districts with neither are left out."""
    result = {
        d.pk: DistrictPartners(d.name, d.slug)
        for d in District.objects.order_by("sort_order", "name")
    }
    orgs = Organisation.objects.order_by("name").prefetch_related("districts")
    for org in orgs.only("name", "sector", "website"):
        entry = {"name": org.name, "sector": org.get_sector_display(), "website": org.website}
        for district in org.districts.all():
            result[district.pk].organisations.append(entry)
    # A public network with no district works across the whole area.
    unplaced = DistrictPartners("Across the whole area", "across-the-area")
    public = Network.objects.filter(is_public=True).order_by("name")
    for district_id, name in public.values_list("district_id", "name"):
        result.get(district_id, unplaced).networks.append(name)
    return [d for d in [*result.values(), unplaced] if d.organisations or d.networks]
