"""What `core` adds to the admin: two-factor authentication (its URLs and log codes) and the
warning to coordinators when no background worker or beat has been seen lately."""

from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .health import background_warning
from .log_codes import register_log_codes
from .roles import is_coordinator
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


register_log_codes(LOG_ACTIONS)


class BackgroundWarningPanel(Component):
    """First panel of the dashboard while the warning stands."""

    name = "background_warning"
    order = 0

    def __init__(self, message: str):
        self.message = message

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel help-block help-critical" aria-labelledby="background-title">'
            '<h2 id="background-title">Background work needs attention</h2><p>{}</p>'
            "<p>The worker and beat run with <code>make run</code> or <code>make serve</code>; "
            '<a href="/healthz">/healthz</a> gives their state.</p></section>',
            self.message,
        )


@hooks.register("construct_homepage_panels")
def add_background_warning_panel(request, panels):
    if is_coordinator(request.user):
        message = background_warning()
        if message:
            panels.insert(0, BackgroundWarningPanel(message))
