"""Loads demo directory data (given by cms.demo_data through seed_demo). Idempotent: contacts are
matched by email, networks and segments by name; consent history is written once per contact."""

from django.db import transaction

from .models import (
    ConsentEvent,
    Contact,
    District,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    Segment,
    Subscription,
)
from .organisations import OrganisationMatcher
from .reference_data import ensure_roles


@transaction.atomic
def load_demo_directory(networks, contacts, segments) -> None:
    ensure_roles()
    districts = {d.name: d for d in District.objects.all()}
    roles = {r.slug: r for r in Role.objects.all()}
    orgs = {o.name: o for o in Organisation.objects.all()}
    matcher = OrganisationMatcher()
    nets = {}
    for name, district, description in networks:
        nets[name], _ = Network.objects.update_or_create(
            name=name,
            defaults={
                "district": districts.get(district) if district else None,
                "description": description,
                # Every network of the demo works with the partnership as a partner.
                "is_partner": True,
            },
        )
    for first, last, org, district_names, role_slugs, topics, network_names, tags in contacts:
        email = f"{first}.{last}@example.org".lower()
        # A name that is not an organisation of the directory is what the person typed.
        org_id = orgs[org].pk if org in orgs else (matcher.exact(org) if org else None)
        contact, created = Contact.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation_id": org_id,
                "organisation_name": "" if org_id or not org else org,
            },
        )
        contact.districts.set([districts[d] for d in district_names])
        contact.roles.set([roles[r] for r in role_slugs])
        contact.tags.set(tags)
        for name in network_names:
            NetworkMembership.objects.get_or_create(network=nets[name], contact=contact)
        for topic in topics:
            Subscription.objects.update_or_create(
                contact=contact, topic=topic, defaults={"status": Subscription.Status.SUBSCRIBED}
            )
            if created:
                ConsentEvent.objects.create(
                    contact=contact,
                    topic=topic,
                    action="subscribed",
                    source=ConsentEvent.Source.IMPORT,
                    detail="demo data",
                )
    for name, description, rules in segments:
        Segment.objects.update_or_create(
            name=name,
            defaults={"description": description, "rules": _rules_with_ids(rules, nets)},
        )


def _rules_with_ids(rules: dict, nets) -> dict:
    """Demo rules name districts, roles and networks; stored rules hold their ids."""
    lookups = {
        "districts": lambda n: District.objects.get(name=n).pk,
        "roles": lambda s: Role.objects.get(slug=s).pk,
        "networks": lambda n: nets[n].pk,
        "organisations": lambda n: Organisation.objects.get(name=n).pk,
    }
    out = {}
    for key, values in rules.items():
        if key == "exclude":
            out[key] = _rules_with_ids(values, nets)
        else:
            out[key] = [lookups[key](v) for v in values] if key in lookups else list(values)
    return out
