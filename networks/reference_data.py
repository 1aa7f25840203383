"""Reference data every partnership needs. Migration 0004 loaded this list when it was written;
`ensure_roles()` puts it back into a database emptied by hand or by tests (seed_demo calls it)."""

from .models import Role

ROLES = [
    ("prevent-lead", "Prevent lead"),
    ("designated-safeguarding-lead", "Designated safeguarding lead"),
    ("community-network-member", "Community network member"),
    ("voluntary-sector-representative", "Voluntary-sector representative"),
    ("prevent-working-group-member", "Prevent Working Group member"),
    ("employer-contact", "Employer contact"),
    ("elected-member", "Elected member"),
    ("frontline-worker", "Frontline worker"),
    ("other", "Other"),
]

# The optional "Your role" question of the subscribe form, in the order it offers them.
SUBSCRIBE_ROLES = [
    "designated-safeguarding-lead",
    "prevent-lead",
    "frontline-worker",
    "community-network-member",
    "other",
]

PREVENT_LEAD = "prevent-lead"


def prevent_leads(organisations):
    """Each organisation's Prevent leads from the directory (contacts of the organisation with
    the Prevent lead role) who may be mailed: whom a return is sent to, and who gets the
    organisation's monthly training list."""
    from .models import Contact

    return (
        Contact.objects.mailable()
        .filter(organisation__in=organisations, roles__slug=PREVENT_LEAD)
        .distinct()
    )


def ensure_roles() -> None:
    for slug, name in ROLES:
        Role.objects.update_or_create(slug=slug, defaults={"name": name})
