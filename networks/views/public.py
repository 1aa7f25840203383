"""Public, login-free pages: subscribe, confirm, preference centre, unsubscribe.

Links carry signed, single-purpose, expiring tokens (networks.tokens); these pages never put a
person's data in a URL and are not cached or indexed.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from core import ratelimit
from core.links import BadLink, bad_link_response

from .. import actions
from ..consent import consent_wording
from ..forms import PreferencesForm, SubscribeForm
from ..models import ConsentEvent, Subscription, Topic
from ..tokens import preference_centre_url, read_contact_token


def client_ip(request) -> str | None:
    """The address consent history records: the one `core.ratelimit.client_ip` reads (through
    the trusted proxies), or None when there is none."""
    return ratelimit.client_ip(request) or None


def _private(response):
    """Token pages: never cached or indexed. The site-wide Referrer-Policy (same-origin) already
    keeps the token in the URL from other sites; "no-referrer" would make browsers send
    `Origin: null` with the page's own forms and fail Django's CSRF origin check."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _bad_link(request, reason: str):
    return bad_link_response(request, reason, "networks/public/bad_link.html")


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.request_subscription(
            site=Site.find_for_request(request),
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            organisation_name=data["organisation"],
            district_ids=[d.pk for d in data["districts"]],
            topics=data["topics"],
            role=data["role"],
            ip=client_ip(request),
        )
        return redirect("networks:check_email")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "networks/public/subscribe.html",
        {"form": form, "wording": consent_wording()},
        status=status,
    )


def check_email(request):
    return render(request, "networks/public/check_email.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST confirms, because mail scanners follow links."""
    try:
        contact, payload = read_contact_token(token, "confirm")
    except BadLink as exc:
        return _bad_link(request, exc.reason)
    if request.method == "POST":
        actions.confirm_subscription(contact, payload, ip=client_ip(request))
        # Everything they now receive, not only what this link added.
        now = actions.subscription_changes(contact, (), ())
        return _private(
            render(
                request,
                "networks/public/confirmed.html",
                {
                    "contact": contact,
                    "topics": now.current_topics,
                    "districts": now.current_districts,
                    "preferences_url": preference_centre_url(contact),
                },
            )
        )
    changes = actions.subscription_changes(contact, payload.get("t"), payload.get("d"))
    return _private(
        render(
            request,
            "networks/public/confirm.html",
            {"contact": contact, "changes": changes, "topics": changes.asked_topics},
        )
    )


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        contact, _ = read_contact_token(token, "preferences")
    except BadLink as exc:
        return _bad_link(request, exc.reason)
    ip = client_ip(request)
    if request.method == "POST" and "unsubscribe_all" in request.POST:
        actions.unsubscribe_contact(contact, None, ConsentEvent.Source.PREFERENCE_CENTRE, ip=ip)
        messages.success(request, "You are unsubscribed from every email.")
        return redirect(request.path)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            actions.update_preferences(
                contact,
                district_ids=[d.pk for d in form.cleaned_data["districts"]],
                topics=form.cleaned_data["topics"],
                ip=ip,
            )
            messages.success(request, "Your choices are saved.")
            return redirect(request.path)
    else:
        form = PreferencesForm(
            initial={
                "districts": list(contact.districts.all()),
                "topics": list(
                    contact.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).values_list(
                        "topic", flat=True
                    )
                ),
            }
        )
    return _private(
        render(
            request,
            "networks/public/preferences.html",
            {"form": form, "contact": contact, "wording": consent_wording()},
        )
    )


# The RFC 8058 one-click POST comes from the mail provider or client, with no CSRF token and no
# session: the signed token in the URL is the authority, and it can only unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for a click (mail scanners follow links); POST unsubscribes at once."""
    try:
        contact, payload = read_contact_token(token, "unsubscribe")
    except BadLink as exc:
        return _bad_link(request, exc.reason)
    topic = payload.get("t") or None
    if topic not in Topic.values:
        topic = None
    context = {
        "topic_label": Topic(topic).label if topic else None,
        "preferences_url": preference_centre_url(contact),
    }
    if request.method == "POST":
        actions.unsubscribe_contact(
            contact, topic, ConsentEvent.Source.UNSUBSCRIBE_LINK, ip=client_ip(request)
        )
        return _private(render(request, "networks/public/unsubscribed.html", context))
    return _private(render(request, "networks/public/unsubscribe.html", context))
