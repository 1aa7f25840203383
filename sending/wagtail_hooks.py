"""Wagtail admin wiring of the sending engine: the Sends screens (list, report, controls), the
send permission in group settings, two-factor sign-in for senders, and the engine's log actions.
The "Newsletters → Sends" menu item is the newsletters app's (it owns that menu)."""

from django.urls import include, path
from wagtail import hooks

from core.admin_hooks import register_permissions
from core.log_codes import register_log_codes

from .engine.log_actions import LOG_ACTIONS
from .permissions import SEND_PERMISSION
from .views import urls as admin_urls


@hooks.register("register_admin_urls")
def register_sends_admin_urls():
    # Where the screens were when they were the newsletters app's: nothing a user sees moves.
    return [path("newsletters/sends/", include(admin_urls, namespace="sending_admin"))]


register_permissions(SEND_PERMISSION)
register_log_codes(LOG_ACTIONS)


@hooks.register("requires_two_factor")
def senders_use_two_factor(user):
    # A sender sees who a send reaches (counts, deliveries, bounces): partner data.
    return user.has_perm(SEND_PERMISSION)
