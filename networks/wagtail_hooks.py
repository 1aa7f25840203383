"""Registers the directory in Wagtail's admin: the Directory menu (a snippet viewset group), bulk
actions, extra pages, permission policies and the dotted log action codes."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from core.log_codes import register_log_codes

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
    SuppressionPermissionPolicy,
    can_use_directory,
)
from .viewsets import DirectoryMenu

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
):
    register_permission_policy(_model, CoordinatorOnlyPolicy(_model))
register_permission_policy(Suppression, SuppressionPermissionPolicy(Suppression))

register_snippet(DirectoryMenu)


register_log_codes(LOG_ACTIONS)


@hooks.register("register_admin_urls")
def register_directory_urls():
    return [path("directory/", include(admin_urls, namespace="networks_admin"))]


for _action in BULK_ACTIONS:
    # After Wagtail's own (order 0), so the suppression list's "delete" replaces Wagtail's.
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("requires_two_factor")
def district_leads_use_two_factor(user):
    # Anyone who can open the directory (coordinators, district leads) sees partner data.
    return can_use_directory(user)


@hooks.register("sees_partner_pages")
def directory_users_see_partner_pages(user):
    # The same people, for the same reason, read partner-only pages (with two-factor).
    return can_use_directory(user)
