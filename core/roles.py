"""Who is who in the partnership: the one answer every app asks.

A role is what a person does here (docs/guarantees.md, "Roles and two-factor"); a person has a
role by being a member of its groups, plainly, with no superuser flag. The group names come from
the settings where the settings name them (`NETWORKS_COORDINATOR_GROUP`,
`ALERTS_RESPONDER_GROUPS`) and from the constants below otherwise; `ROLES` (through `groups_for`)
is the role → group table that seeding and invitations use, and the data migration
`cms.0007_role_group_permissions` (`cms.roles_setup`) gives each group exactly its permissions.

Two roles are limited to districts, given on a scope that their app keeps: a district lead's
(`networks.DirectoryScope`) and a district responder's (`alerts.ResponderScope`). `core` imports
no app, so those apps hand their scope's reader to `register_districts` when they start, and
`districts(user, role)` answers from it.

Every check is False for an anonymous or inactive user, and is cached on the user object for the
request (one query for the groups, one per scope).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings

COORDINATOR = "coordinator"
POLICE_OFFICER = "police_officer"
DISTRICT_RESPONDER = "district_responder"
DISTRICT_LEAD = "district_lead"
EDITOR = "editor"
APPROVER = "approver"
BOARD_MEMBER = "board_member"

# Groups that no setting names (their names are data the demo and migrations create).
POLICE_TEAM_GROUP = "Police Prevent team"
DISTRICT_LEADS_GROUP = "District leads"
BOARD_MEMBERS_GROUP = "Board members"
CONTENT_EDITORS_GROUP = "Content editors"
CONTENT_APPROVERS_GROUP = "Content approvers"
NEWSLETTER_APPROVERS_GROUP = "Newsletter approvers"


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    does: str  # what the role may do, in one sentence (invitation and seed screens show it)
    scoped: bool = False  # limited to the districts on a scope (directory or inbox)


ROLES: dict[str, Role] = {
    role.key: role
    for role in (
        Role(
            COORDINATOR,
            "Coordinator",
            "Keeps the directory, sends newsletters, runs events, returns and learning, triages "
            "the inbox with the police team and approves board reports.",
        ),
        Role(
            POLICE_OFFICER,
            "Police Prevent officer",
            "Triages the inbox in every district and writes and sends emerging-issue alerts.",
        ),
        Role(
            DISTRICT_RESPONDER,
            "District responder",
            "Triages the inbox's reports of their districts and writes alerts for them.",
            scoped=True,
        ),
        Role(
            DISTRICT_LEAD,
            "District lead",
            "Sees and keeps the directory's contacts of their districts.",
            scoped=True,
        ),
        Role(EDITOR, "Content editor", "Writes hub pages, materials and newsletter drafts."),
        Role(APPROVER, "Content approver", "Approves and publishes hub pages."),
        Role(
            BOARD_MEMBER,
            "Board member",
            "Reads the board dashboard and approved reports, small numbers suppressed.",
        ),
    )
}


def coordinator_group() -> str:
    return settings.NETWORKS_COORDINATOR_GROUP


def responder_groups() -> tuple[str, ...]:
    return tuple(settings.ALERTS_RESPONDER_GROUPS)


def groups_for(role_key: str) -> tuple[str, ...]:
    """The groups a person of this role is put in (seeding, invitations). KeyError for an
    unknown role. The first responder group stands for "the responders"."""
    responders = responder_groups()[:1]
    table = {
        COORDINATOR: (coordinator_group(), NEWSLETTER_APPROVERS_GROUP, *responders),
        POLICE_OFFICER: (*responders, POLICE_TEAM_GROUP),
        DISTRICT_RESPONDER: responders,
        DISTRICT_LEAD: (DISTRICT_LEADS_GROUP,),
        EDITOR: (CONTENT_EDITORS_GROUP,),
        APPROVER: (CONTENT_APPROVERS_GROUP,),
        BOARD_MEMBER: (BOARD_MEMBERS_GROUP,),
    }
    return table[role_key]


# --- scopes, registered by the apps that keep them --------------------------------------------

_DISTRICT_SOURCES: dict[str, Callable[[object], Iterable[int] | None]] = {}


def register_districts(role_key: str, source: Callable[[object], Iterable[int] | None]) -> None:
    """`source(user)` gives the district ids of the user's scope for `role_key` (None: no scope
    row at all). Called from the owning app's `AppConfig.ready()`."""
    if role_key not in (DISTRICT_LEAD, DISTRICT_RESPONDER):
        raise ValueError(f"{role_key} is not limited to districts")
    _DISTRICT_SOURCES[role_key] = source


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_core_role_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._core_role_groups = cached
    return cached


def in_any_group(user, names: Iterable[str]) -> bool:
    """Whether an active user is a member of any of the groups `names`."""
    return _active(user) and not _group_names(user).isdisjoint(names)


def _scope(user, role_key) -> frozenset[int] | None:
    cache = user.__dict__.setdefault("_core_role_scopes", {})
    if role_key not in cache:
        source = _DISTRICT_SOURCES.get(role_key)
        ids = source(user) if source else None
        cache[role_key] = None if ids is None else frozenset(ids)
    return cache[role_key]


# --- the questions ------------------------------------------------------------------------------


def is_coordinator(user) -> bool:
    """Members of the coordinator group. A superuser counts too: the emergency account must be
    able to put anything right (the demo has no other superuser)."""
    return _active(user) and (user.is_superuser or coordinator_group() in _group_names(user))


def is_responder(user) -> bool:
    """Members of the responder group(s) only: being a superuser is not enough (reports are
    sensitive, and only the inbox's own people read them)."""
    return in_any_group(user, responder_groups())


def is_police_officer(user) -> bool:
    """A responder of the police Prevent team (every district; sends alerts)."""
    return is_responder(user) and POLICE_TEAM_GROUP in _group_names(user)


def is_district_responder(user) -> bool:
    """A responder limited to some districts by an inbox scope."""
    return is_responder(user) and bool(_scope(user, DISTRICT_RESPONDER))


def is_district_lead(user) -> bool:
    """Someone who is not a coordinator and has a directory scope of at least one district."""
    return _active(user) and not is_coordinator(user) and bool(_scope(user, DISTRICT_LEAD))


def is_editor(user) -> bool:
    return in_any_group(user, (CONTENT_EDITORS_GROUP,))


def is_approver(user) -> bool:
    return in_any_group(user, (CONTENT_APPROVERS_GROUP,))


def is_board_member(user) -> bool:
    return in_any_group(user, (BOARD_MEMBERS_GROUP,))


CHECKS: dict[str, Callable[[object], bool]] = {
    COORDINATOR: is_coordinator,
    POLICE_OFFICER: is_police_officer,
    DISTRICT_RESPONDER: is_district_responder,
    DISTRICT_LEAD: is_district_lead,
    EDITOR: is_editor,
    APPROVER: is_approver,
    BOARD_MEMBER: is_board_member,
}


def has_role(user, role_key: str) -> bool:
    return CHECKS[role_key](user)


def roles_of(user) -> list[str]:
    """The keys of every role `user` has, in the order of `ROLES`."""
    return [key for key in ROLES if CHECKS[key](user)]


def districts(user, role_key: str) -> frozenset[int] | None:
    """The districts `user` acts in as `role_key`: None means every district, a set means those
    only (empty: none at all).

    - directory (DISTRICT_LEAD): a coordinator every district; anyone else their scope's.
    - inbox (DISTRICT_RESPONDER): with no scope every district (the police team), with one its
      districts (an empty scope counts as none). Whether the user is a responder at all is
      `is_responder`'s answer, asked separately.
    """
    if role_key == DISTRICT_LEAD:
        if is_coordinator(user):
            return None
        if not _active(user):
            return frozenset()
        return _scope(user, DISTRICT_LEAD) or frozenset()
    if role_key == DISTRICT_RESPONDER:
        return (_scope(user, DISTRICT_RESPONDER) or None) if _active(user) else frozenset()
    raise ValueError(f"{role_key} is not limited to districts")


def members_of(role_key: str):
    """Active users who have the role by its groups (COORDINATOR also counts superusers). The
    scoped roles need their scope besides, which only their app can filter on."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    groups = Q(groups__name__in=groups_for(role_key)[:1])
    if role_key == COORDINATOR:
        groups |= Q(is_superuser=True)
    elif role_key == POLICE_OFFICER:
        groups = Q(groups__name__in=responder_groups()) & Q(
            pk__in=get_user_model().objects.filter(groups__name=POLICE_TEAM_GROUP).values("pk")
        )
    elif role_key == DISTRICT_RESPONDER:
        groups = Q(groups__name__in=responder_groups())
    return get_user_model().objects.filter(groups, is_active=True).distinct()


def forget(user) -> None:
    """Drop what this module cached on `user` (after changing their groups or scope)."""
    for name in ("_core_role_groups", "_core_role_scopes"):
        user.__dict__.pop(name, None)
