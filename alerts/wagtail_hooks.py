"""Wagtail admin registration: the triage inbox, its badge and dashboard panel, the snippets
(reply templates, routing rules, responder scopes) and the "Send alert" button."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

# Choosers of reply templates, routing rules and responder scopes obey their permission policy.
from core.admin_hooks import MenuItemFor
from core.choosers import PolicyScopedSnippetViewSet as SnippetViewSet

from . import admin_urls
from .access import is_responder
from .actions.notify import who_is_told
from .models import AlertPage, ReplyTemplate, ResponderScope, RoutingRule
from .permissions import may_send_alerts
from .views.inbox import unacknowledged_count


@hooks.register("register_admin_urls")
def register_alerts_urls():
    return [path("alerts/", include((admin_urls, "alerts_admin"), namespace="alerts_admin"))]


class InboxMenuItem(MenuItemFor):
    """Shown to responders only, with the count of unacknowledged reports they can see."""

    shown_to = staticmethod(is_responder)

    def render_component(self, request):
        count = unacknowledged_count(request.user)
        self.label = f"Reports inbox ({count} new)" if count else "Reports inbox"
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        "Reports inbox",
        reverse("alerts_admin:inbox"),
        name="reports-inbox",
        icon_name="mail",
        order=150,
    )


class UnacknowledgedPanel(Component):
    name = "alerts_unacknowledged"
    order = 50

    def __init__(self, count):
        self.count = count

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel" aria-labelledby="alerts-panel-title">'
            '<h2 id="alerts-panel-title">Reports inbox</h2>'
            '<p><a href="{}">{} new report{} waiting for acknowledgement</a></p></section>',
            reverse("alerts_admin:inbox") + "?state=new",
            self.count,
            "" if self.count == 1 else "s",
        )


@hooks.register("construct_homepage_panels")
def add_unacknowledged_panel(request, panels):
    if is_responder(request.user):
        panels.insert(0, UnacknowledgedPanel(unacknowledged_count(request.user)))


@hooks.register("register_page_header_buttons")
def send_alert_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, AlertPage) and may_send_alerts(user):
        yield HeaderButton(
            "Send alert",
            url=reverse("alerts_admin:send_alert", args=[page.pk]),
            icon_name="mail",
            priority=90,
        )


class ReplyTemplateViewSet(SnippetViewSet):
    model = ReplyTemplate
    icon = "doc-full"
    menu_label = "Reply templates"
    list_display = ["title"]


class RoutingRuleIndexView(IndexView):
    """The rules, and under them who a new report of each district tells (`who_is_told`)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:  # the filtered listing alone is re-rendered on its own
            context["who_is_told"] = who_is_told()
        return context


class RoutingRuleViewSet(SnippetViewSet):
    model = RoutingRule
    icon = "resubmit"
    menu_label = "Routing rules"
    list_display = ["name", "kind", "urgent", "active"]
    index_view_class = RoutingRuleIndexView
    index_template_name = "alerts/admin/routing_rules.html"


class ResponderScopeViewSet(SnippetViewSet):
    model = ResponderScope
    icon = "group"
    menu_label = "Responder scopes"


class InboxSettingsGroup(SnippetViewSetGroup):
    items = (ReplyTemplateViewSet, RoutingRuleViewSet, ResponderScopeViewSet)
    menu_icon = "cog"
    menu_label = "Inbox settings"
    menu_name = "inbox-settings"


register_snippet(InboxSettingsGroup)


@hooks.register("requires_two_factor")
def responders_use_two_factor(user):
    return is_responder(user)


@hooks.register("sees_partner_pages")
def responders_see_partner_pages(user):
    # Responders and the police Prevent team (who send alerts) read the partner pages their
    # alerts are published on (networks.partner_access; with two-factor).
    return is_responder(user) or user.has_perm("alerts.can_send_alerts")
