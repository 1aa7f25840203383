"""Partner pages' entry points, mounted at /partners/ by cms/urls.py: the personal link, the
request for a fresh one, and the sign-in page used for every partner-only page."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.links import BadLink
from core.ratelimit import hit

from ..forms import FreshPartnerLinkForm, StaffSignInForm
from ..partner_access import (
    MAX_AGE,
    PURPOSE,
    expired_link_path,
    grant_partner_access,
    local_path,
    private,
    read_partner_link,
    request_fresh_partner_link,
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
        context = {"reason": exc.reason, "form": form, "days": MAX_AGE[PURPOSE].days}
        return private(render(request, "networks/partners/link_problem.html", context, status=400))
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


class PartnerLoginView(LoginView):
    """Wagtail's front-end login for private pages (WAGTAIL_FRONTEND_LOGIN_URL), in the site's
    layout, saying who signs in here (staff) and how partners get their link instead."""

    template_name = "networks/partners/login.html"
    authentication_form = StaffSignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        next_url = context.get("next") or "/"
        context["staff_form"] = context["form"]
        context["form"] = FreshPartnerLinkForm(initial={"next": next_url})
        context["days"] = MAX_AGE[PURPOSE].days
        return context

    def render_to_response(self, context, **kwargs):
        return private(super().render_to_response(context, **kwargs))
