"""Linking typed organisation names to the directory's organisations."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Organisation, OrganisationAlias
from ..organisations import unmatched_contacts
from ..orgnames import normalise_organisation_name
from .trace import log_contact


class OrganisationNameRefused(ValueError):
    """The name cannot be linked (the message says why, for the coordinator)."""


def _link(key: str, organisation: Organisation, user) -> int:
    contacts = [
        c
        for c in unmatched_contacts().select_for_update()
        if normalise_organisation_name(c.organisation_name) == key
    ]
    for contact in contacts:
        typed = contact.organisation_name
        contact.organisation = organisation
        contact.organisation_name = ""
        contact.save(update_fields=["organisation", "organisation_name", "updated_at"])
        log_contact(
            contact,
            "networks.contact.organisation_linked",
            user=user,
            organisation=organisation.pk,
            typed=typed,
        )
    return len(contacts)


def link_organisation_name(
    name: str, organisation: Organisation, *, save_alias: bool = False, user=None
) -> int:
    """Link every unlinked contact whose typed organisation has the normal form of `name` to
    `organisation`, and with `save_alias` remember `name` as its alias so the next person who
    types it is linked at once. Returns how many contacts were linked.
    Raises OrganisationNameRefused for an empty name or an alias already held by another."""
    key = normalise_organisation_name(name)
    if not key:
        raise OrganisationNameRefused("The name has no letters or digits.")
    with transaction.atomic():
        alias_saved = False
        if save_alias and key != normalise_organisation_name(organisation.name):
            alias = OrganisationAlias.objects.filter(normalised=key).first()
            if alias is not None and alias.organisation_id != organisation.pk:
                raise OrganisationNameRefused(
                    f"“{name}” is already an alias of {alias.organisation}."
                )
            if alias is None:
                OrganisationAlias.objects.create(organisation=organisation, name=name.strip())
                alias_saved = True
        linked = _link(key, organisation, user)
        log(
            organisation,
            "networks.organisation.name_linked",
            user=user,
            data={"name": name.strip(), "contacts": linked, "alias_saved": alias_saved},
        )
    return linked


def create_organisation_from_name(name: str, *, sector: str, user=None) -> tuple[Organisation, int]:
    """A new organisation called `name` (as typed, trimmed), with the unlinked contacts who typed
    it linked to it. Returns (organisation, contacts linked).
    Raises OrganisationNameRefused when an organisation of that name exists already."""
    name = name.strip()[:200]
    key = normalise_organisation_name(name)
    if not key:
        raise OrganisationNameRefused("The name has no letters or digits.")
    with transaction.atomic():
        if Organisation.objects.filter(name__iexact=name).exists():
            raise OrganisationNameRefused(f"An organisation called “{name}” already exists.")
        organisation = Organisation.objects.create(name=name, sector=sector)
        log(organisation, "wagtail.create", user=user)
        linked = _link(key, organisation, user)
        log(
            organisation,
            "networks.organisation.created_from_name",
            user=user,
            data={"name": name, "contacts": linked},
        )
    return organisation, linked
