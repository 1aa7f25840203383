"""Sending an alert, as newsletters are sent: choose segments → "This will go to N people" →
"Confirm and send", with a preview and a test to oneself on the way.

Access: a responder (OTP-verified) with "Can send alerts"; a responder scoped to districts sees
only alerts of their districts (else 404, as for a missing alert) and only the segments offered
to them (a POST naming another is refused with 403). The confirm form carries a key, so posting
it twice (or twice at once) sends once (`alerts.actions.send_alert`).
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.idempotency import FIELD as KEY_FIELD
from core.idempotency import key_from, new_key
from sending.audience import audience_csv, confirm_context
from sending.engine import sample_values
from sending.engine.content import CompiledContent, Recipient
from sending.models import SendKind
from sending.views.resend import Resend, resend_done, resend_step
from sending.views.sends import may_send

from .. import actions
from ..actions.alerts import ALERT_TOPIC
from ..permissions import can_send_alert, get_alert_for_sender, segments_for_sender
from .guards import responder_required

OUTSIDE = "a segment outside your districts was chosen."


class SendAlertForm(forms.Form):
    segments = forms.ModelMultipleChoiceField(
        label="Send to these segments",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one segment to send the alert to."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = segments_for_sender(user)


def _context(request, page, **extra):
    allowed, reason = can_send_alert(request.user, page)
    return {
        "page_title": f"Send alert: {page.title}",
        "header_icon": "mail",
        "alert": page,
        "districts": ", ".join(d.name for d in page.districts.all()) or "all districts",
        "can_send_now": allowed,
        "refused": reason,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        # A count only: the reports themselves are opened from the inbox, by those who may.
        "linked_reports": page.report_links.count(),
        **extra,
    }


@never_cache
@responder_required
def send_alert_view(request, page_id):
    """GET: choose segments. POST: the count and the confirm form; POST with confirm and the
    form's key: send once, back to the alert with a message."""
    page = get_alert_for_sender(request.user, page_id)
    template = "alerts/admin/send_alert.html"
    allowed, _reason = can_send_alert(request.user, page)
    if not allowed:
        status = 200 if request.method == "GET" else 409
        return render(request, template, _context(request, page), status=status)
    form = SendAlertForm(request.POST or None, user=request.user)
    if request.method != "POST" or "edit" in request.POST:
        form = SendAlertForm(
            user=request.user, initial={"segments": request.POST.getlist("segments")}
        )
        return render(request, template, _context(request, page, form=form))
    if not form.is_valid():
        if any(form.has_error("segments", code) for code in ("invalid_choice", "invalid_pk_value")):
            # Only a hand-made POST names a segment that was not offered: refused, not corrected.
            return render(request, template, _context(request, page, refused=OUTSIDE), status=403)
        return render(request, template, _context(request, page, form=form))
    segments = list(form.cleaned_data["segments"])
    key = key_from(request.POST)
    if "confirm" not in request.POST or key is None:
        audience = actions.alert_audience_preview(page, segments)
        if "audience_csv" in request.POST:
            return audience_csv(audience, f"alert-{page.pk}-recipients.csv", request.user)
        context = _context(
            request,
            page,
            form=form,
            confirming=True,
            audience=audience.contacts.count(),
            already=audience.already,
            resend_url=reverse("alerts_admin:resend_alert", args=[page.pk]),
            segments=segments,
            key_field=KEY_FIELD,
            key=new_key(),
            carried=[("segments", segment.pk) for segment in segments],
            **confirm_context(audience, request.POST.get("audience_q", ""), request.user),
        )
        return render(request, template, context)
    try:
        send = actions.send_alert(page, segments, request.user, idempotency_key=key)
    except PermissionDenied:
        return render(request, template, _context(request, page, refused=OUTSIDE), status=403)
    except ValidationError as exc:
        return render(
            request, template, _context(request, page, refused=exc.messages[0]), status=409
        )
    messages.success(
        request,
        f"Sending “{page.title}” to {send.recipient_count} subscribed contacts in "
        f"{_context(request, page)['districts']}.",
    )
    if may_send(request.user):  # who may open the Sends screens lands on the send's report
        return redirect("sending_admin:send_report", send.pk)
    return redirect("wagtailadmin_pages:edit", page.pk)


@never_cache
@responder_required
def resend_alert_view(request, page_id):
    """ "Send again to people already sent it": who and why → who it will go to again → confirm
    once (the form's key), then the re-send's report (or the alert, for a sender who may not
    open the Sends screens). Same access as sending the alert."""
    page = get_alert_for_sender(request.user, page_id)
    template = "alerts/admin/resend_alert.html"
    allowed, _reason = can_send_alert(request.user, page)
    if not allowed:
        status = 200 if request.method == "GET" else 409
        return render(request, template, _context(request, page), status=status)

    resend = Resend(
        kind=SendKind.ALERT,
        page=page,
        topic=ALERT_TOPIC,
        act=partial(actions.resend_alert, page),
        what="alert",
        filename=f"alert-{page.pk}-resend-recipients.csv",
        districts=list(page.districts.values_list("pk", flat=True)),
    )
    try:
        step = resend_step(request, resend)
    except ValidationError as exc:
        context = _context(request, page, refused=exc.messages[0])
        return render(request, template, context, status=409)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    done = resend_done(request, step, label=f"“{page.title}”", elsewhere=edit_url)
    if done is not None:
        return done
    context = _context(
        request,
        page,
        page_title=f"Send again: {page.title}",
        back_url=reverse("alerts_admin:send_alert", args=[page.pk]),
        may_see_sends=may_send(request.user),
        **step.context,
    )
    return render(request, template, context)


@never_cache
@responder_required
def preview_alert_view(request, page_id):
    """The alert's email as a recipient gets it (latest version, sample details): the HTML in
    a sandboxed frame that runs no script, and the plain-text part."""
    page = get_alert_for_sender(request.user, page_id)
    content = actions.render_alert(page.get_latest_revision_as_object())
    compiled = CompiledContent(content)
    values = sample_values(view_in_browser_url=page.full_url or "")
    sample = Recipient(email=values["email"], name=values["full_name"], values=values)
    subject, html, text = compiled.personalise(sample)
    html = (html or "").replace("<head>", '<head><base target="_blank">', 1)
    context = _context(request, page, subject=subject, html=html, text=text)
    context["page_title"] = f"Alert email preview: {page.title}"
    return render(request, "alerts/admin/preview_alert.html", context)


@require_POST
@responder_required
def test_alert_view(request, page_id):
    """Send the latest version to the sender's own address, then back to the send screen."""
    page = get_alert_for_sender(request.user, page_id)
    try:
        outcome = actions.send_test_alert(page, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if outcome == "sent":
            messages.success(request, f"Test email sent to {request.user.email}.")
        else:
            messages.error(request, f"The test to {request.user.email} was not sent: {outcome}")
    return redirect("alerts_admin:send_alert", page.pk)
