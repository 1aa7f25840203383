"""The coordinator's screens for one event (Wagtail admin). Each view checks access with
`get_event_for_user` (404 for outsiders) and calls actions for any change."""

from functools import partial

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.csv_export import csv_response
from core.idempotency import FIELD as KEY_FIELD
from core.idempotency import key_from, new_key
from networks.models import Segment
from sending.audience import audience_csv, confirm_context
from sending.models import Send, SendKind
from sending.views.resend import Resend, resend_done, resend_step
from sending.views.sends import may_send

from ..access import get_event_for_user
from ..actions import (
    CheckInClosed,
    check_in_booking,
    check_in_closed,
    invitation_audience,
    invite_segments,
    resend_invitation,
)
from ..actions.invitations import INVITATION_TOPIC
from ..models import Booking
from ..reports import annual_figures, feedback_summary, live_list


class InviteForm(forms.Form):
    segments = forms.ModelMultipleChoiceField(
        queryset=Segment.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one segment to invite."},
    )


@never_cache
def invite(request, pk):
    """Choose segments → who would be invited, who is left out and why (with a search and a
    CSV) → confirm once (the form's key), then the invitation send's report (or the answers, for
    someone who may not open the Sends screens)."""
    event = get_event_for_user(request.user, pk)
    template = "events/admin/invite.html"
    form = InviteForm(request.POST or None)
    if request.method != "POST" or "edit" in request.POST or not form.is_valid():
        if "edit" in request.POST:
            form = InviteForm(initial={"segments": request.POST.getlist("segments")})
        return render(request, template, {"event": event, "form": form})
    segments = list(form.cleaned_data["segments"])
    key = key_from(request.POST)
    if "confirm" not in request.POST or key is None:
        audience = invitation_audience(event, segments)
        if "audience_csv" in request.POST:
            return audience_csv(audience, f"event-{event.pk}-invitees.csv", request.user)
        context = {
            "event": event,
            "form": form,
            "confirming": True,
            "segments": segments,
            "audience": audience.contacts.count(),
            "already": audience.already,
            "resend_url": reverse("events_admin:resend", args=[event.pk]),
            "carried": [("segments", s.pk) for s in segments] + [(KEY_FIELD, new_key())],
            **confirm_context(audience, request.POST.get("audience_q", ""), request.user),
        }
        return render(request, template, context)
    new = invite_segments(event, segments, user=request.user, idempotency_key=key)
    send = Send.objects.filter(idempotency_key=key).first()
    if send is None:
        messages.info(request, "Nobody new to invite: everyone they name is invited already.")
        return redirect("events_admin:invite", event.pk)
    if new:
        messages.success(request, f"{len(new)} invitations are being sent.")
    if may_send(request.user):
        return redirect("sending_admin:send_report", send.pk)
    return redirect("events_admin:list", event.pk)


@never_cache
def resend(request, pk):
    """ "Send the invitation again to people already sent it": who and why → who it will go to
    again → confirm once, then the re-send's report. Same access as inviting."""
    event = get_event_for_user(request.user, pk)

    step = resend_step(
        request,
        Resend(
            kind=SendKind.INVITATION,
            page=event,
            topic=INVITATION_TOPIC,
            act=partial(resend_invitation, event),
            what="invitation",
            filename=f"event-{event.pk}-resend-recipients.csv",
        ),
    )
    answers = reverse("events_admin:list", args=[event.pk])
    done = resend_done(request, step, label="the invitation", elsewhere=answers)
    if done is not None:
        return done
    context = {
        "event": event,
        "back_url": reverse("events_admin:invite", args=[event.pk]),
        "may_see_sends": may_send(request.user),
        **step.context,
    }
    return render(request, "events/admin/resend.html", context)


def attendee_list(request, pk):
    event = get_event_for_user(request.user, pk)
    return render(request, "events/admin/list.html", {"event": event, **live_list(event)})


def export_csv(request, pk):
    event = get_event_for_user(request.user, pk)
    data = live_list(event)
    sessions = [s["session"] for s in data["sessions"]]

    def rows():
        yield [
            "name",
            "email",
            "organisation",
            "answer",
            "how",
            *[s.name for s in sessions],
            "dietary needs",
            "access needs",
            "other answer",
            "answered at",
        ]
        for inv in data["invitations"]:
            by_session = {b.session_id: b for b in inv.bookings.all()}
            contact = inv.contact
            yield [
                contact.full_name,
                contact.email,
                contact.organisation.name if contact.organisation else contact.organisation_name,
                inv.get_state_display(),
                "registered" if inv.self_registered else "invited",
                *[
                    by_session[s.pk].get_state_display() if s.pk in by_session else ""
                    for s in sessions
                ],
                inv.dietary,
                inv.access_needs,
                inv.free_text,
                inv.answered_at.isoformat() if inv.answered_at else "",
            ]

    return csv_response(f"event-{event.pk}-answers.csv", rows())


def _confirmed(event, session_id=None):
    bookings = Booking.objects.filter(
        session__event=event, state=Booking.State.CONFIRMED
    ).select_related("invitation__contact__organisation", "session")
    if session_id:
        bookings = bookings.filter(session_id=session_id)
    return bookings.order_by(
        "session__sort_order", "invitation__contact__last_name", "invitation__contact__first_name"
    )


def sign_in_sheet(request, pk):
    event = get_event_for_user(request.user, pk)
    return render(
        request, "events/admin/sign_in.html", {"event": event, "bookings": _confirmed(event)}
    )


def check_in(request, pk):
    event = get_event_for_user(request.user, pk)
    query = request.GET.get("q", "").strip()
    bookings = _confirmed(event)
    if query:
        for word in query.split():
            bookings = bookings.filter(
                invitation__contact__first_name__icontains=word
            ) | bookings.filter(invitation__contact__last_name__icontains=word)
    return render(
        request,
        "events/admin/check_in.html",
        {"event": event, "bookings": bookings, "query": query, "closed": check_in_closed(event)},
    )


@require_POST
def mark_attended(request, pk, booking_id):
    event = get_event_for_user(request.user, pk)
    booking = get_object_or_404(Booking, pk=booking_id, session__event=event)
    attended = request.POST.get("attended", "1") == "1"
    name = booking.invitation.contact.full_name or booking.invitation.contact.email
    try:
        check_in_booking(booking, attended=attended, user=request.user)
    except CheckInClosed as closed:
        messages.error(request, f"{name} was not checked in. {closed.message}")
    else:
        messages.success(request, f"{name}: {'attended' if attended else 'check-in undone'}.")
    query = request.POST.get("q", "")
    url = redirect("events_admin:check_in", event.pk).url
    return redirect(f"{url}?q={query}" if query else url)


def figures(request, pk):
    event = get_event_for_user(request.user, pk)
    context = {"event": event, **annual_figures(event), "feedback": feedback_summary(event)}
    return render(request, "events/admin/figures.html", context)


def feedback(request, pk):
    event = get_event_for_user(request.user, pk)
    context = {"event": event, **feedback_summary(event)}
    return render(request, "events/admin/feedback.html", context)
