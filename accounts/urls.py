"""The staff account pages that open without a session, mounted at /account/ (cms/urls.py).
`ADMIN_OVERRIDES` replace Wagtail's own sign-out and password reset views at the same
addresses (mounted before the admin's URLs)."""

from django.urls import path

from .views import public, sign_out

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:token>/", public.accept, name="accept"),
    path("reset/<str:token>/", public.reset, name="reset"),
]

ADMIN_OVERRIDES = [
    path("logout/", sign_out.sign_out, name="wagtailadmin_logout"),
    path("password_reset/", public.reset_request, name="wagtailadmin_password_reset"),
    path("password_reset/done/", public.reset_done, name="wagtailadmin_password_reset_done"),
    # Wagtail's own reset links (a readable user id) are never sent: one way to reset.
    path(
        "password_reset/confirm/<str:uidb64>/<str:token>/",
        public.old_reset_link,
        name="wagtailadmin_password_reset_confirm",
    ),
]
