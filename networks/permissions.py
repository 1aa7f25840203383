"""Who may see which part of the directory (who is who: `core.roles`).

- Coordinators (`core.roles.is_coordinator`) see and manage everything.
- A district network lead (a user with a DirectoryScope) sees and manages the contacts of their
  districts only; everything else in the directory is a 404 to them, the same as a missing object.
- Every other user sees none of the directory.
"""

from django.db.models import QuerySet
from django.http import Http404
from wagtail.permission_policies.base import ModelPermissionPolicy

from core import roles
from core.roles import is_coordinator

from .models import Contact, DirectoryScope


def lead_district_ids(user) -> list[int]:
    """The districts of `user`'s directory scope (`core.roles` asks, as DISTRICT_LEAD's source)."""
    return list(
        DirectoryScope.districts.through.objects.filter(directoryscope__user=user).values_list(
            "district_id", flat=True
        )
    )


def scoped_district_ids(user) -> frozenset[int] | None:
    """None means "every district" (a coordinator); an empty set means no access at all."""
    return roles.districts(user, roles.DISTRICT_LEAD)


def can_use_directory(user) -> bool:
    scope = scoped_district_ids(user)
    return scope is None or bool(scope)


def contacts_for_user(user) -> QuerySet[Contact]:
    """The contacts `user` may see: all for a coordinator, their districts' for a district lead,
    none for anyone else."""
    scope = scoped_district_ids(user)
    if scope is None:
        return Contact.objects.all()
    if not scope:
        return Contact.objects.none()
    return Contact.objects.filter(
        id__in=Contact.districts.through.objects.filter(district_id__in=scope).values("contact_id")
    )


def get_contact_for_user(user, pk) -> Contact:
    """The contact, or Http404 alike for a missing one and one outside the user's districts."""
    try:
        return contacts_for_user(user).get(pk=pk)
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise Http404("No contact found.") from None


def require_coordinator(user) -> None:
    """Http404 (not 403) for anyone but a coordinator, so the page's existence is not revealed."""
    if not is_coordinator(user):
        raise Http404("Not found.")


class CoordinatorOnlyPolicy(ModelPermissionPolicy):
    """Organisations, networks, segments, imports: the coordinator's tools."""

    def user_has_permission(self, user, action):
        return is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return is_coordinator(user)

    def users_with_any_permission(self, actions):
        return roles.members_of(roles.COORDINATOR)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model.objects.all() if is_coordinator(user) else self.model.objects.none()


class AppendOnlyPolicy(CoordinatorOnlyPolicy):
    """A history (returns' progress updates, learning's headcounts): coordinators add and read;
    nobody changes or deletes a row (a correction is a new row, and the latest counts)."""

    def user_has_permission(self, user, action):
        return action not in ("change", "delete") and is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class SuppressionPermissionPolicy(CoordinatorOnlyPolicy):
    """The suppression list: the coordinator adds and removes addresses, each through its action;
    nobody edits one in place (that would unsuppress one address and suppress another unlogged)."""

    def user_has_permission(self, user, action):
        return action != "change" and is_coordinator(user)


class ContactPermissionPolicy(CoordinatorOnlyPolicy):
    """Contacts: coordinators do everything; a district lead views, adds and edits the contacts of
    their districts. Nobody deletes a contact: erasure (anonymisation) keeps the counts right."""

    LEAD_ACTIONS = {"view", "add", "change"}

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if is_coordinator(user):
            return True
        return action in self.LEAD_ACTIONS and bool(scoped_district_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return contacts_for_user(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Contact.objects.none()
        return contacts_for_user(user)
