"""Registers the directory in Wagtail's admin: viewsets, the Directory menu, bulk actions,
extra pages, permission policies and the dotted log action codes."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .bulk_actions import BULK_ACTIONS
from .log_actions import LOG_ACTIONS
from .models import (
    Contact,
    DirectoryScope,
    District,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationAlias,
    Role,
    Segment,
    Suppression,
)
from .permissions import (
    ContactPermissionPolicy,
    CoordinatorOnlyPolicy,
    can_use_directory,
    is_coordinator,
)
from .viewsets import (
    ContactViewSet,
    DirectoryScopeViewSet,
    DistrictViewSet,
    NetworkMembershipViewSet,
    NetworkViewSet,
    OrganisationAliasViewSet,
    OrganisationViewSet,
    RoleViewSet,
    SegmentViewSet,
    SuppressionViewSet,
)

# Policies first: viewsets read them when they are registered.
register_permission_policy(Contact, ContactPermissionPolicy(Contact))
for _model in (
    DirectoryScope,
    District,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationAlias,
    Role,
    Segment,
    Suppression,
):
    register_permission_policy(_model, CoordinatorOnlyPolicy(_model))

VIEWSETS = [
    ContactViewSet(),
    OrganisationViewSet(),
    OrganisationAliasViewSet(),
    NetworkViewSet(),
    NetworkMembershipViewSet(),
    SegmentViewSet(),
    SuppressionViewSet(),
    DirectoryScopeViewSet(),
    DistrictViewSet(),
    RoleViewSet(),
]
for _viewset in VIEWSETS:
    register_snippet(_viewset)


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    for code, (label, message) in LOG_ACTIONS.items():
        actions.register_action(code, label, message)


@hooks.register("register_admin_urls")
def register_directory_urls():
    return [path("directory/", include(admin_urls, namespace="networks_admin"))]


for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action)


class _ForDirectoryUsers(MenuItem):
    def is_shown(self, request):
        return can_use_directory(request.user)


class _ForCoordinators(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


_MENU = [
    # (shown to, label, URL name, icon)
    (_ForDirectoryUsers, "Contacts", "wagtailsnippets_networks_contact:list", "user"),
    (_ForCoordinators, "Organisations", "wagtailsnippets_networks_organisation:list", "site"),
    (
        _ForCoordinators,
        "Unmatched organisations",
        "networks_admin:unmatched_organisations",
        "site",
    ),
    (
        _ForCoordinators,
        "Organisation aliases",
        "wagtailsnippets_networks_organisationalias:list",
        "site",
    ),
    (_ForCoordinators, "Networks", "wagtailsnippets_networks_network:list", "group"),
    (
        _ForCoordinators,
        "Network memberships",
        "wagtailsnippets_networks_networkmembership:list",
        "group",
    ),
    (_ForCoordinators, "Segments", "wagtailsnippets_networks_segment:list", "list-ul"),
    (_ForCoordinators, "Import CSV", "networks_admin:import", "upload"),
    (_ForCoordinators, "Duplicates", "networks_admin:duplicates", "group"),
    (_ForCoordinators, "Membership review", "networks_admin:review", "table"),
    (_ForCoordinators, "Suppression list", "wagtailsnippets_networks_suppression:list", "cross"),
    (_ForCoordinators, "District leads", "wagtailsnippets_networks_directoryscope:list", "key"),
    (_ForCoordinators, "Districts", "wagtailsnippets_networks_district:list", "globe"),
    (_ForCoordinators, "Roles", "wagtailsnippets_networks_role:list", "tag"),
]


@hooks.register("register_admin_menu_item")
def register_directory_menu():
    # Called when the admin menu is first built, after the URLconf is loaded.
    items = [
        cls(label, reverse(url_name), icon_name=icon, order=order)
        for order, (cls, label, url_name, icon) in enumerate(_MENU)
    ]
    return SubmenuMenuItem("Directory", Menu(items=items), icon_name="group", order=250)


@hooks.register("requires_two_factor")
def district_leads_use_two_factor(user):
    # Anyone who can open the directory (coordinators, district leads) sees partner data.
    return can_use_directory(user)
