"""The pages of staff accounts that open without a session: accept an invitation, ask for and
use a password reset link. A bad link (forged, resent, cancelled, used or expired) gets one page
saying which, with status 400, and changes nothing."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core import ratelimit
from core.links import BadLink, bad_link_response

from .. import actions
from ..forms import AcceptForm, PasswordFields, ResetRequestForm

BAD_LINK_TEXT = {
    "expired": "This link has expired. Ask the coordinator to send you a new one.",
    "used": "This link has been used already. Sign in with the password you chose.",
    "invalid": "This link does not work: it may have been replaced by a newer one, or cancelled.",
}


def _bad_link(request, reason: str):
    text = BAD_LINK_TEXT.get(reason, BAD_LINK_TEXT["invalid"])
    return bad_link_response(request, reason, "accounts/bad_link.html", {"text": text})


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept(request, token):
    """Set your name and password; then two-factor set-up, signed in."""
    try:
        invitation = actions.invitation_for_token(token)
    except BadLink as exc:
        return _bad_link(request, exc.reason)
    form = AcceptForm(request.POST or None, initial={"first_name": invitation.first_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["new_password1"],
            )
        except BadLink as exc:
            return _bad_link(request, exc.reason)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        setup = reverse("core_two_factor:setup")
        return redirect(f"{setup}?{urlencode({'next': reverse('wagtailadmin_home')})}")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


@never_cache
def reset_request(request):
    """Ask for a reset link. A known and an unknown address get the same answer after the same
    work (two counters and one promised task, the lookup is the task's); past the limits (per
    address, per connection) nothing is promised."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.hit(
            "accounts.password_reset", request, settings.ACCOUNTS_PASSWORD_RESET_PER_IP_PER_HOUR
        ):
            return TemplateResponse(request, "accounts/too_many.html", status=429)
        email = form.cleaned_data["email"].strip().lower()
        # Over the address's limit the answer is the same as under it (it says nothing of
        # whether the address has an account); only the email is not sent again.
        if not ratelimit.address_hit(
            "accounts.password_reset", email, settings.ACCOUNTS_PASSWORD_RESET_PER_ADDRESS_PER_HOUR
        ):
            with transaction.atomic():
                actions.request_password_reset(email)
        return redirect("wagtailadmin_password_reset_done")
    return render(request, "wagtailadmin/account/password_reset/form.html", {"form": form})


@never_cache
def reset_done(request):
    return render(request, "wagtailadmin/account/password_reset/done.html")


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def reset(request, token):
    try:
        row = actions.reset_token(token)
    except BadLink as exc:
        return _bad_link(request, exc.reason)
    form = PasswordFields(request.POST or None, user=row.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reset_password(token, form.cleaned_data["new_password1"])
        except BadLink as exc:
            return _bad_link(request, exc.reason)
        return render(request, "wagtailadmin/account/password_reset/complete.html")
    return render(
        request,
        "wagtailadmin/account/password_reset/confirm.html",
        {"form": form, "validlink": True},
    )


def old_reset_link(request, uidb64, token):
    """Wagtail's reset link (uid and token): no longer sent, never honoured."""
    return _bad_link(request, "invalid")
