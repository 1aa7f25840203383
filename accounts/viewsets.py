"""The Staff accounts screen as a Wagtail ViewSet: its URLs under /admin/accounts/ and its menu
item, offered only to coordinators signed in with two-factor (the views answer 404 to others)."""

from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from core.admin_hooks import MenuItemFor

from .access import can_manage_accounts
from .views import admin


class StaffAccountsViewSet(ViewSet):
    name = "accounts_admin"
    url_prefix = "accounts"
    menu_label = "Staff accounts"
    menu_icon = "user"
    menu_order = 650
    add_to_admin_menu = True
    menu_item_class = MenuItemFor.only_for(can_manage_accounts)

    @property
    def menu_url(self):
        from django.urls import reverse

        return reverse("accounts_admin:index")

    def get_urlpatterns(self):
        return [
            path("", admin.AccountIndexView.as_view(), name="index"),
            path(
                "results/", admin.AccountIndexView.as_view(results_only=True), name="index_results"
            ),
            path("<int:pk>/", admin.account, name="account"),
            path("<int:pk>/<str:verb>/", admin.account_action, name="account_action"),
            path("invite/", admin.invite, name="invite"),
            path("invitations/", admin.InvitationIndexView.as_view(), name="invitations"),
            path(
                "invitations/results/",
                admin.InvitationIndexView.as_view(results_only=True),
                name="invitations_results",
            ),
            path("invitations/<int:pk>/", admin.invitation, name="invitation"),
            path(
                "invitations/<int:pk>/<str:verb>/",
                admin.invitation_action,
                name="invitation_action",
            ),
        ]
