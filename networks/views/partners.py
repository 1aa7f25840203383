"""Partner pages' entry points, mounted at /partners/ by cms/urls.py: the personal link, the
request for a fresh one, the sign-in page shown for every partner-only page, and the way staff
go through the admin's sign-in and two-factor to come back to it."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device

from core.links import BadLink, bad_link_response
from core.ratelimit import hit

from ..forms import FreshPartnerLinkForm
from ..partner_access import (
    MAX_AGE,
    PURPOSE,
    expired_link_path,
    grant_partner_access,
    local_path,
    private,
    read_partner_link,
    request_fresh_partner_link,
    sign_in_needed,
    staff_sees_partner_pages,
)


@require_http_methods(["GET", "HEAD"])
def open_link(request, token):
    """Follow a personal link: the session reads as its contact, then the page it names opens.
    An expired or forged link (or another purpose's) shows how to get a fresh one."""
    try:
        contact, path = read_partner_link(token)
    except BadLink as exc:
        next_path = expired_link_path(token) if exc.reason == "expired" else "/"
        form = FreshPartnerLinkForm(initial={"next": next_path})
        context = {"form": form, "days": MAX_AGE[PURPOSE].days}
        return bad_link_response(
            request, exc.reason, "networks/partners/link_problem.html", context
        )
    grant_partner_access(request, contact)
    return private(redirect(path))


@require_POST
def new_link(request):
    """Email a fresh personal link if the address is a contact's; the same answer either way."""
    form = FreshPartnerLinkForm(request.POST)
    if hit("networks:partner-link-form", request, settings.NETWORKS_PARTNER_LINK_REQUESTS_PER_HOUR):
        context = {"form": form, "days": MAX_AGE[PURPOSE].days, "reason": "too_many"}
        return private(render(request, "networks/partners/link_problem.html", context, status=429))
    if not form.is_valid():
        context = {"form": form, "days": MAX_AGE[PURPOSE].days, "reason": "asked"}
        return private(render(request, "networks/partners/link_problem.html", context, status=400))
    request_fresh_partner_link(form.cleaned_data["email"], local_path(form.cleaned_data["next"]))
    return private(
        render(request, "networks/partners/link_sent.html", {"days": MAX_AGE[PURPOSE].days})
    )


@require_GET
def sign_in(request):
    """The partners' sign-in page (WAGTAIL_FRONTEND_LOGIN_URL): "email me a link" first, then
    staff sign-in through the admin. It signs nobody in itself, and reads the same for anyone."""
    return sign_in_needed(request, next_path=local_path(request.GET.get("next", "")), status=200)


@require_GET
def staff(request):
    """Send staff through the admin's sign-in and, when their role sees partner pages, its
    two-factor check, then on to `next`. Who may read the page once they arrive is still the
    page's decision (networks.partner_access): anyone else gets the stranger's answer there."""
    next_path = local_path(request.GET.get("next", ""))
    user = request.user
    if not user.is_authenticated:
        here = f"{reverse('partners:staff')}?{urlencode({'next': next_path})}"
        return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': here})}")
    if not user.is_verified() and staff_sees_partner_pages(user):
        name = "verify" if user_has_device(user, confirmed=True) else "setup"
        return redirect(f"{reverse(f'core_two_factor:{name}')}?{urlencode({'next': next_path})}")
    return redirect(next_path)
