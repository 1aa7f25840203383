"""Wagtail admin wiring for newsletters: email preview, test-send and send-to-segments views,
their buttons in an issue's header menu, the "Newsletters → Sends" menu (the Sends screens are
the sending app's) and the newsletter log actions."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button

from core.admin_hooks import MenuItemFor
from core.log_codes import register_log_codes
from sending.permissions import SEND_PERMISSION
from sending.views.sends import may_send

from .models import NewsletterPage
from .views import urls as admin_urls


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [path("newsletters/", include(admin_urls, namespace="newsletters_admin"))]


@hooks.register("register_page_header_buttons")
def newsletter_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not NewsletterPage or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Preview email",
        reverse("newsletters_admin:preview_email", args=[page.pk]),
        icon_name="mail",
        priority=25,
    )
    if user.has_perm(SEND_PERMISSION):
        yield Button(
            "Send a test email",
            reverse("newsletters_admin:send_test", args=[page.pk]),
            icon_name="mail",
            priority=26,
        )
        yield Button(
            "Send to segments",
            reverse("newsletters_admin:send_to_segments", args=[page.pk]),
            icon_name="mail",
            priority=27,
        )


LOG_ACTIONS = {
    "newsletters.test_sent": ("Send test email", "Test email sent"),
    "newsletters.send_requested": ("Send to segments", "Sent or scheduled to segments"),
}
register_log_codes(LOG_ACTIONS)


@hooks.register("register_admin_menu_item")
def register_newsletters_menu():
    sends = MenuItemFor(
        "Sends", reverse("sending_admin:sends"), shown_to=may_send, icon_name="mail", order=0
    )
    items = [sends]
    return SubmenuMenuItem("Newsletters", Menu(items=items), icon_name="mail", order=260)
