"""The coordinator's screens for one event (Wagtail admin). Each view checks access with
`get_event_for_user` (404 for outsiders) and calls actions for any change."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.csv_export import csv_response
from networks.models import Segment
from networks.segments import resolve_segments

from ..access import get_event_for_user
from ..actions import CheckInClosed, check_in_booking, check_in_closed, invite_segments
from ..models import Booking
from ..reports import annual_figures, feedback_summary, live_list


class InviteForm(forms.Form):
    segments = forms.ModelMultipleChoiceField(
        queryset=Segment.objects.order_by("name"), widget=forms.CheckboxSelectMultiple
    )


def invite(request, pk):
    """Choose segments → see how many would be invited → confirm."""
    event = get_event_for_user(request.user, pk)
    form = InviteForm(request.POST or None)
    count = None
    if request.method == "POST" and form.is_valid():
        segments = list(form.cleaned_data["segments"])
        if request.POST.get("confirm") == "1":
            new = invite_segments(event, segments, user=request.user)
            messages.success(request, f"{len(new)} invitations are being sent.")
            return redirect("events_admin:list", event.pk)
        audience = resolve_segments(segments, "events")
        count = audience.exclude(event_invitations__event=event).count()
    return render(
        request, "events/admin/invite.html", {"event": event, "form": form, "count": count}
    )


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
