"""Access for the triage views: responders only (404 for anyone else, as for a missing report),
with a confirmed TOTP device and an OTP-verified session. (core.twofactor's middleware already
closes the admin to an unverified responder; this keeps the inbox closed on its own too.)"""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from ..access import is_responder


def responder_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not is_responder(user):
            raise Http404("No such page.")
        if not user.is_verified():
            name = "core_two_factor:verify" if user_has_device(user) else "core_two_factor:setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped
