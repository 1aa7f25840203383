"""The roles a coordinator can give a staff account, and what each one means in groups and scope.

A role is a set of groups plus, for the district roles, a district scope kept by the app that
applies it: `networks.DirectoryScope` for a district lead (the contacts of those districts),
`alerts.ResponderScope` for a district responder (the reports of those districts). The group
names are the ones the apps and the demo use (and their settings where one exists); this table
is the one place that joins them into roles.
"""

from dataclasses import dataclass

from django.conf import settings

EDITORS = "Content editors"
BOARD_MEMBERS = "Board members"
POLICE_TEAM = "Police Prevent team"


def _coordinators() -> str:
    return settings.NETWORKS_COORDINATOR_GROUP


def _responders() -> str:
    return settings.ALERTS_RESPONDER_GROUPS[0]


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    #: The scope the role is given: "" (none), "directory" (district lead) or "responder".
    scope: str = ""

    @property
    def needs_districts(self) -> bool:
        return bool(self.scope)

    @property
    def groups(self) -> tuple[str, ...]:
        return {
            "coordinator": (_coordinators(),),
            "police_officer": (_responders(), POLICE_TEAM),
            "district_responder": (_responders(),),
            "district_lead": (EDITORS,),
            "editor": (EDITORS,),
            "board_member": (BOARD_MEMBERS,),
        }[self.key]


ROLES = (
    Role("coordinator", "Coordinator"),
    Role("police_officer", "Police officer"),
    Role("district_responder", "District responder", scope="responder"),
    Role("district_lead", "District lead", scope="directory"),
    Role("editor", "Editor"),
    Role("board_member", "Board member"),
)
BY_KEY = {role.key: role for role in ROLES}
CHOICES = [(role.key, role.label) for role in ROLES]


def role_groups() -> set[str]:
    """Every group some role gives: the groups a change of role takes away."""
    return {name for role in ROLES for name in role.groups}


def role_of(user, group_names=None, scopes=None) -> Role | None:
    """The role `user`'s groups and scopes amount to, or None (an account no role describes).
    `group_names` and `scopes` (a set of "directory"/"responder") may be given by a listing that
    read them for many users at once."""
    if group_names is None:
        group_names = set(user.groups.values_list("name", flat=True))
    if scopes is None:
        scopes = user_scopes(user)
    for key in ("coordinator", "police_officer", "board_member"):
        if set(BY_KEY[key].groups) <= group_names:
            return BY_KEY[key]
    if _responders() in group_names and "responder" in scopes:
        return BY_KEY["district_responder"]
    if EDITORS in group_names:
        return BY_KEY["district_lead" if "directory" in scopes else "editor"]
    return None


def user_scopes(user) -> set[str]:
    from alerts.models import ResponderScope
    from networks.models import DirectoryScope

    scopes = set()
    if DirectoryScope.objects.filter(user=user).exists():
        scopes.add("directory")
    if ResponderScope.objects.filter(user=user).exists():
        scopes.add("responder")
    return scopes
