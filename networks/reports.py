"""Read-only figures for the directory's admin pages: likely duplicates and the membership
review. The views check access and render; these only query."""

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from .models import (
    Contact,
    District,
    NetworkMembership,
    Organisation,
    Sector,
    Subscription,
)
from .reference_data import PREVENT_LEAD


def find_duplicate_pairs(limit: int = 200) -> list[tuple[Contact, Contact, str]]:
    """Pairs of contacts that look like one person: the same full name, or the same phone."""
    live = Contact.objects.filter(erased_at__isnull=True)
    pairs = []
    names = (
        live.exclude(first_name="", last_name="")
        .annotate(f=Lower("first_name"), l=Lower("last_name"))
        .values("f", "l")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for group in names[:limit]:
        people = list(
            live.annotate(f=Lower("first_name"), l=Lower("last_name"))
            .filter(f=group["f"], l=group["l"])
            .order_by("pk")
        )
        pairs += [(people[0], other, "same name") for other in people[1:]]
    phones = live.exclude(phone="").values("phone").annotate(n=Count("id")).filter(n__gt=1)
    for group in phones[:limit]:
        people = list(live.filter(phone=group["phone"]).order_by("pk"))
        pairs += [
            (people[0], other, "same phone")
            for other in people[1:]
            if not any({a.pk, b.pk} == {people[0].pk, other.pk} for a, b, _ in pairs)
        ]
    return pairs[:limit]


def membership_review() -> dict:
    """Which specified authorities have no Prevent lead, which districts have no community
    network or a thin one, and representation by sector."""
    live = Contact.objects.filter(is_active=True, erased_at__isnull=True)
    with_lead = live.filter(roles__slug=PREVENT_LEAD).values("organisation_id")
    missing_lead = Organisation.objects.filter(is_specified_authority=True).exclude(
        id__in=with_lead
    )
    thin = settings.NETWORKS_THIN_NETWORK_SIZE
    districts = []
    for district in District.objects.filter(is_county_wide=False).prefetch_related("networks"):
        networks = []
        for network in district.networks.all():
            size = (
                NetworkMembership.objects.filter(
                    network=network,
                    contact__is_active=True,
                    contact__erased_at__isnull=True,
                )
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
                .count()
            )
            networks.append({"network": network, "size": size, "thin": size < thin})
        districts.append(
            {
                "district": district,
                "networks": networks,
                "no_network": not networks,
                "thin": bool(networks) and all(n["thin"] for n in networks),
            }
        )
    sectors = []
    for value, label in Sector.choices:
        people = live.filter(organisation__sector=value)
        sectors.append(
            {
                "label": label,
                "organisations": Organisation.objects.filter(sector=value).count(),
                "contacts": people.count(),
                "prevent_leads": people.filter(roles__slug=PREVENT_LEAD).distinct().count(),
                "subscribers": people.filter(subscriptions__status=Subscription.Status.SUBSCRIBED)
                .distinct()
                .count(),
            }
        )
    return {
        "missing_lead": missing_lead,
        "districts": districts,
        "sectors": sectors,
        "no_organisation": live.filter(organisation__isnull=True).count(),
        "thin_size": thin,
    }
