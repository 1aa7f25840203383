"""The invitee's pages, reached by the personal signed link (no login).

Nothing is shown or changed until the person confirms the invitation is theirs (a forwarded
email must not give a place away); that confirmation lasts for their browser session.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.links import BadLink, bad_link_response

from ..actions import (
    RsvpRefused,
    accept_invitation,
    accept_offer,
    decline_invitation,
    decline_offer,
    record_feedback,
    register_for_event,
)
from ..forms import FeedbackForm, RegistrationForm, RsvpForm
from ..links import read_rsvp_token
from ..models import Booking, EventFeedback
from ..reports import places_left

FEEDBACK_OPEN_FOR = timedelta(days=30)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, event):
    """Registration for an open event (EventPage route `register/`): name and address, then an
    email with the personal link where the person chooses sessions. The page after sending
    reads the same whatever the address, so it reveals nothing about who is registered."""
    context = {"event": event, "sessions": places_left(event)}
    if not event.registration_open:
        context["closed_reason"] = (
            "invited_only" if event.invited_only else "started" if event.has_started else "deadline"
        )
        return render(request, "events/public/register_closed.html", context, status=403)
    if request.GET.get("sent") == "1":
        return render(request, "events/public/register_sent.html", context)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if ratelimit.hit("events:register", request, settings.EVENTS_REGISTRATIONS_PER_HOUR):
            context["too_many"] = True
            status = 429
        elif form.is_valid():
            try:
                register_for_event(event, **form.cleaned_data)
            except RsvpRefused as refused:
                context["refused"] = refused.message
                status = 409
            else:
                return HttpResponseRedirect(event.get_registration_url(request) + "?sent=1")
    context["form"] = form
    return render(request, "events/public/register.html", context, status=status)


def _bad_link(request, reason):
    return bad_link_response(request, reason, "events/public/bad_link.html")


def _session_key(invitation):
    return f"events.rsvp.{invitation.pk}.{invitation.nonce}"


def _identity(request, invitation):
    """None when the visitor has confirmed they are the invitee, else the response to show
    (the "Are you …?" page, or the page for someone who is not)."""
    if request.session.get(_session_key(invitation)):
        return None
    if request.method == "POST" and request.POST.get("identity") == "yes":
        request.session[_session_key(invitation)] = True
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and request.POST.get("identity") == "no":
        return render(request, "events/public/not_you.html", {"event": invitation.event})
    return render(request, "events/public/confirm_identity.html", {"invitation": invitation})


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    try:
        invitation = read_rsvp_token(token)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    gate = _identity(request, invitation)
    if gate is not None:
        return gate
    event = invitation.event
    refused = None
    if request.method == "POST" and "attending" in request.POST:
        form = RsvpForm(request.POST, invitation=invitation)
        if form.is_valid():
            # What the person held before, to say truly whether a confirmation was emailed: an
            # acceptance sends one when a booking changed, a decline when the answer changed.
            before = {
                b.session_id: b.state
                for b in invitation.bookings.exclude(state=Booking.State.CANCELLED)
            }
            try:
                if form.cleaned_data["attending"] == "yes":
                    emailed = before != accept_invitation(
                        invitation,
                        [int(s) for s in form.cleaned_data["sessions"]],
                        form.cleaned_data,
                    )
                else:
                    answered_at = invitation.answered_at
                    emailed = decline_invitation(invitation).answered_at != answered_at
                saved = "emailed" if emailed else "unchanged"
                return HttpResponseRedirect(f"{request.path}?saved={saved}")
            except RsvpRefused as error:
                refused = error.message
    else:
        held = invitation.bookings.exclude(state=Booking.State.CANCELLED)
        initial = {
            "sessions": [str(b.session_id) for b in held],
            "dietary": invitation.dietary,
            "access_needs": invitation.access_needs,
            "free_text": invitation.free_text,
        }
        if invitation.state == invitation.State.ACCEPTED:
            initial["attending"] = "yes"
        elif invitation.state in (invitation.State.DECLINED, invitation.State.WITHDRAWN):
            initial["attending"] = "no"
        form = RsvpForm(initial=initial, invitation=invitation)
    bookings = invitation.bookings.select_related("session").exclude(state=Booking.State.CANCELLED)
    return render(
        request,
        "events/public/rsvp.html",
        {
            "invitation": invitation,
            "event": event,
            "form": form,
            "bookings": bookings,
            "refused": refused,
            "saved": request.GET.get("saved") if not form.errors else None,
            "deadline_passed": event.deadline_passed,
        },
        status=409 if refused else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def offer(request, token):
    try:
        invitation = read_rsvp_token(token)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    gate = _identity(request, invitation)
    if gate is not None:
        return gate
    message = None
    if request.method == "POST":
        booking = invitation.bookings.filter(pk=request.POST.get("booking") or 0).first()
        if booking is not None:
            try:
                if request.POST.get("choice") == "take":
                    already = booking.state == Booking.State.CONFIRMED
                    accept_offer(booking)
                    message = f"The place in the {booking.session.name} is yours." + (
                        "" if already else " We have emailed you a confirmation."
                    )
                else:
                    decline_offer(booking)
                    message = "Thank you: we have offered the place to the next person."
            except RsvpRefused as error:
                message = error.message
    offers = invitation.bookings.select_related("session").filter(state=Booking.State.OFFERED)
    return render(
        request,
        "events/public/offer.html",
        {"invitation": invitation, "event": invitation.event, "offers": offers, "message": message},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request, token):
    try:
        invitation = read_rsvp_token(token, grace=FEEDBACK_OPEN_FOR)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    gate = _identity(request, invitation)
    if gate is not None:
        return gate
    existing = EventFeedback.objects.filter(invitation=invitation).first()
    if request.method == "POST":
        form = FeedbackForm(request.POST, instance=existing)
        if form.is_valid():
            record_feedback(
                invitation, form.cleaned_data["usefulness"], form.cleaned_data["comments"]
            )
            return render(
                request, "events/public/feedback_thanks.html", {"event": invitation.event}
            )
    else:
        form = FeedbackForm(instance=existing)
    return render(request, "events/public/feedback.html", {"event": invitation.event, "form": form})
