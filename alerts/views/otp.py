"""Two-factor set-up and verification for responders (django-otp TOTP)."""

import base64
import io
from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from ..actions.audit import record


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("alerts_admin:inbox")


def _qr_data_uri(url: str) -> str:
    out = io.BytesIO()
    write_qrcode_image(url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@never_cache
def setup(request):
    """Show a new TOTP secret (QR, otpauth URI and base32) and confirm it with a first code."""
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect(
            f"{reverse('alerts_admin:otp_verify')}?{urlencode({'next': _next(request)})}"
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(user, "alerts.otp.device_confirmed", None, device=device.pk)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_next(request))
        form.add_error(
            "token",
            "That code did not match. Check the time on your phone and try the newest code.",
        )
    return render(
        request,
        "alerts/admin/otp_setup.html",
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
def verify(request):
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(
            f"{reverse('alerts_admin:otp_setup')}?{urlencode({'next': _next(request)})}"
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            record(user, "alerts.otp.verified", None)
            return redirect(_next(request))
        record(user, "alerts.otp.failed", None)
        form.add_error("token", "That code did not match. Try the newest code from your app.")
    return render(
        request,
        "alerts/admin/otp_verify.html",
        {
            "form": form,
            "next": _next(request),
            "page_title": "Two-factor check",
            "header_icon": "key",
        },
    )
