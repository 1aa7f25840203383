"""Learning's public pages. The verify page is open to anyone and rate-limited per client (a
code cannot be tried in bulk); the certificate and the questionnaire open only from their
holder's personal link (`learning.links`), never cached or indexed. Views parse input, check
the link and call `learning.certificates` / `learning.follow_up`."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.links import BadLink, bad_link_response
from core.partnership import partnership

from .certificates import certificate_context, certificate_response, confirm, format_code
from .follow_up import AlreadyAnswered, answer_follow_up
from .forms import FollowUpForm, VerifyForm
from .links import read_certificate_token, read_follow_up_token


def _private(response):
    """A page opened by a personal link: never cached, never indexed. The site's
    Referrer-Policy (same-origin) keeps the token from other sites."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _bad_link(request, reason: str, what: str):
    return bad_link_response(request, reason, "learning/public/bad_link.html", {"what": what})


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The code printed on a certificate, checked: the holder's initials, the level, the day and
    whether it is in date — nothing else, and the same answer for a code that never was, whose
    completion was removed or whose person was erased. Every look-up counts against the
    client's LEARNING_VERIFY_PER_HOUR."""
    form = VerifyForm(request.POST or None)
    context, status = {"form": form}, 200
    if request.method == "POST":
        if ratelimit.hit("learning:verify", request, settings.LEARNING_VERIFY_PER_HOUR):
            context["too_many"], status = True, 429
        elif form.is_valid():
            code = form.cleaned_data["code"]
            context["checked"] = format_code(code)
            context["confirmation"] = confirm(code)
            context["form"] = VerifyForm()  # ready for the next code
    response = render(request, "learning/public/verify.html", context, status=status)
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD"])
def certificate(request, token, pdf=False):
    """The holder's certificate page, or (`pdf`) the certificate itself."""
    try:
        held = read_certificate_token(token)
    except BadLink as bad:
        return _bad_link(request, bad.reason, "certificate")
    if pdf:
        return _private(certificate_response(held))
    context = {
        **certificate_context(held),
        "pdf_url": reverse("learning:certificate_pdf", args=[token]),
    }
    return _private(render(request, "learning/public/certificate.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request, token):
    try:
        questionnaire = read_follow_up_token(token)
    except BadLink as bad:
        return _bad_link(request, bad.reason, "questionnaire")
    context = {
        "follow_up": questionnaire,
        "session": questionnaire.session,
        "referral_url": partnership(request).safeguarding_referral_url,
    }
    if questionnaire.answered_at is not None:
        status = 409 if request.method == "POST" else 200
        return _private(
            render(request, "learning/public/follow_up_answered.html", context, status=status)
        )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_follow_up(questionnaire, **form.cleaned_data)
        except AlreadyAnswered:
            return _private(
                render(request, "learning/public/follow_up_answered.html", context, status=409)
            )
        return _private(render(request, "learning/public/follow_up_thanks.html", context))
    context["form"] = form
    return _private(render(request, "learning/public/follow_up.html", context))
