"""Admin URLs and log action codes of what `core` provides (two-factor authentication)."""

from django.urls import include, path
from wagtail import hooks

from .twofactor import urls as two_factor_urls

LOG_ACTIONS = {
    "core.two_factor.enrolled": ("Two-factor set up", "Set up two-factor authentication"),
    "core.two_factor.verified": ("Two-factor passed", "Passed the two-factor check"),
    "core.two_factor.recovery_code_used": ("Recovery code used", "Signed in with a recovery code"),
    "core.two_factor.failed": ("Two-factor failed", "Entered a wrong two-factor code"),
}


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("2fa/", include(two_factor_urls, namespace="core_two_factor"))]


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    for code, (label, message) in LOG_ACTIONS.items():
        actions.register_action(code, label, message)
