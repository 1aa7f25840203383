"""Keeps the admin closed to a user who must use two-factor authentication until their session
has passed it: every admin URL but sign-in, sign-out, password reset and the 2FA pages redirects
to set-up (no confirmed device yet) or to the code check. Runs after django_otp's OTPMiddleware."""

from functools import cached_property
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from . import requires_two_factor


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    @cached_property
    def open_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_password_reset"),
            reverse("wagtailadmin_javascript_catalog"),
            reverse("wagtailadmin_sprite"),
            self.admin_prefix + "2fa/",
        )

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if (
            path.startswith(self.admin_prefix)
            and not path.startswith(self.open_prefixes)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and requires_two_factor(user)
        ):
            name = (
                "core_two_factor:verify"
                if user_has_device(user, confirmed=True)
                else "core_two_factor:setup"
            )
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
