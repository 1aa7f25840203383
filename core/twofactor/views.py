"""Two-factor set-up (first sign-in) and verification pages, mounted at /admin/2fa/."""

import base64
import io
from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.qr import write_qrcode_image

from . import actions


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code from your authenticator app",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _qr_data_uri(url: str) -> str:
    out = io.BytesIO()
    write_qrcode_image(url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@never_cache
@login_required
def setup(request):
    """Show a new TOTP secret (QR, otpauth URI and base32), confirm it with a first code, then
    show the recovery codes once."""
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect(_with_next("core_two_factor:verify", request))
    device = actions.start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.confirm_totp_device(user, device, form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "core/two_factor/recovery_codes.html",
                {
                    "codes": codes,
                    "next": _next(request),
                    "page_title": "Your recovery codes",
                    "header_icon": "key",
                },
            )
        form.add_error(
            "token",
            "That code did not match. Check the time on your phone and try the newest code.",
        )
    return render(
        request,
        "core/two_factor/setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": b32encode(device.bin_key).decode(),
            "config_url": device.config_url,
            "qr": _qr_data_uri(device.config_url),
            "page_title": "Set up two-factor authentication",
            "header_icon": "key",
        },
    )


@never_cache
@login_required
def verify(request):
    """Ask for a code (or a recovery code) from a user who has a confirmed device."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(_with_next("core_two_factor:setup", request))
    form = TokenForm(request.POST or None)
    form.fields["token"].label = "Code from your authenticator app, or a recovery code"
    if request.method == "POST" and form.is_valid():
        device = actions.verify_second_factor(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "That code did not match. Try the newest code from your app.")
    return render(
        request,
        "core/two_factor/verify.html",
        {
            "form": form,
            "next": _next(request),
            "page_title": "Two-factor check",
            "header_icon": "key",
        },
    )
