"""The roles a coordinator can give a staff account, read from `core.roles` (the one role → group
table) and joined to the scope a district role needs: `networks.DirectoryScope` for a district
lead (the contacts of those districts), `alerts.ResponderScope` for a district responder (the
reports of those districts)."""

from core import roles as core_roles

SCOPED = {core_roles.DISTRICT_LEAD: "directory", core_roles.DISTRICT_RESPONDER: "responder"}


class Role:
    """One role as this app uses it: key, label, groups, and which scope it needs (if any)."""

    def __init__(self, role: core_roles.Role):
        self.key, self.label, self.does = role.key, role.label, role.does
        self.scope = SCOPED.get(role.key, "")

    @property
    def needs_districts(self) -> bool:
        return bool(self.scope)

    @property
    def groups(self) -> tuple[str, ...]:
        return core_roles.groups_for(self.key)

    def __eq__(self, other):
        return isinstance(other, Role) and other.key == self.key

    def __hash__(self):
        return hash(self.key)


ROLES = tuple(Role(role) for role in core_roles.ROLES.values())
BY_KEY = {role.key: role for role in ROLES}
CHOICES = [(role.key, role.label) for role in ROLES]


def role_groups() -> set[str]:
    """Every group some role gives: the groups a change of role takes away."""
    return {name for role in ROLES for name in role.groups}


def role_of(user) -> Role | None:
    """The account's role (the first of `core.roles.roles_of`, coordinator first), or None."""
    keys = core_roles.roles_of(user)
    return BY_KEY[keys[0]] if keys else None


def forget(user) -> None:
    core_roles.forget(user)
