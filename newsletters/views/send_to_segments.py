"""An issue's "Send to segments": choose segments and when → "This will go to N people", who
they are and who is left out (with a search and a CSV of them) → "Confirm and send", then the
send's report (`sending.views.sends`).

Access: only users with the send permission (`sending.permissions.SEND_PERMISSION`), on an issue
they may edit, that `newsletters.permissions.can_send` lets go.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from core.idempotency import FIELD as KEY_FIELD
from core.idempotency import key_from, new_key
from newsletters.actions import (
    SEND_KIND_OF_ISSUE,
    NotReadyToSend,
    resend_issue,
    send_newsletter_to_segments,
)
from newsletters.permissions import can_send
from sending.audience import AUDIENCE_FIELDS, audience_csv, audience_for, confirm_context
from sending.models import SendState
from sending.views.resend import Resend, resend_done, resend_step
from sending.views.sends import may_send

from .admin import NewsletterEmailView, get_newsletter_page_for_user
from .forms import SendToSegmentsForm


class SendToSegmentsView(NewsletterEmailView):
    """Choose segments and when → "This will go to N people" → "Confirm and send"."""

    action_label = "Send to segments"
    template_name = "newsletters/admin/send_to_segments.html"

    def dispatch(self, request, page_id):
        self.page = get_newsletter_page_for_user(request.user, page_id).specific
        if not may_send(request.user):
            context = self.get_context_data(forbidden=True)
            return self.render_to_response(context, status=403)
        allowed, reason = can_send(request.user, self.page)
        if not allowed:
            # Shown on GET and POST alike; nothing is created.
            status = 200 if request.method == "GET" else 409
            return self.render_to_response(self.get_context_data(refused=reason), status=status)
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=SendToSegmentsForm()))

    def post(self, request, page_id):
        form = SendToSegmentsForm(request.POST)
        if not form.is_valid() or "edit" in request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        key = key_from(request.POST)
        if "confirm" not in request.POST or key is None:
            # The confirm form carries a fresh key: posting it twice (or twice at once) sends once.
            # The list is what a confirm now would freeze (`sending.audience`).
            audience = audience_for(
                kind=SEND_KIND_OF_ISSUE[self.page.kind],
                page=self.page,
                topic=self.page.topic,
                segments=data["segments"],
                exclude_segments=data["exclude_segments"],
            )
            if "audience_csv" in request.POST:
                return audience_csv(audience, f"issue-{self.page.pk}-recipients.csv", request.user)
            skip = ("csrfmiddlewaretoken", "confirm", "edit", KEY_FIELD, *AUDIENCE_FIELDS)
            carried = [
                (name, value)
                for name in request.POST
                if name not in skip
                for value in request.POST.getlist(name)
            ]
            carried.append((KEY_FIELD, new_key()))
            context = self.get_context_data(
                form=form,
                confirming=True,
                audience=audience.contacts.count(),
                already=audience.already,
                resend_url=reverse("newsletters_admin:resend", args=[self.page.pk]),
                carried=carried,
                **confirm_context(audience, request.POST.get("audience_q", ""), request.user),
            )
            return self.render_to_response(context)
        try:
            send = send_newsletter_to_segments(
                self.page,
                segments=data["segments"],
                exclude_segments=data["exclude_segments"],
                scheduled_at=data["scheduled_at"],
                user=request.user,
                idempotency_key=key,
            )
        except NotReadyToSend as refusal:
            return self.render_to_response(self.get_context_data(refused=str(refusal)), status=409)
        if send.state == SendState.SCHEDULED:
            local = timezone.localtime(send.scheduled_at).strftime("%-d %B %Y at %H:%M")
            messages.success(request, f"“{send.subject}” is scheduled for {local} (UK time).")
        else:
            messages.success(request, f"Sending “{send.subject}” to {send.recipient_count} people.")
        return redirect("sending_admin:send_report", send.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic_label=self.page.get_kind_display().lower(),
            topic=self.page.topic,
            may_see_sends=may_send(self.request.user),
            **kwargs,
        )


class ResendIssueView(SendToSegmentsView):
    """ "Send again to people already sent it": who (everyone, or some addresses) and why → who
    it will go to again → "Confirm and send again", then the re-send's report. Same access as
    sending the issue (`SendToSegmentsView.dispatch`)."""

    action_label = "Send again to people already sent it"
    template_name = "newsletters/admin/resend.html"

    def get(self, request, page_id):
        return self._step(request)

    def post(self, request, page_id):
        return self._step(request)

    def _step(self, request):
        resend = Resend(
            kind=SEND_KIND_OF_ISSUE[self.page.kind],
            page=self.page,
            topic=self.page.topic,
            act=partial(resend_issue, self.page),
            what="issue",
            filename=f"issue-{self.page.pk}-resend-recipients.csv",
        )
        try:
            step = resend_step(request, resend)
        except NotReadyToSend as refusal:
            return self.render_to_response(self.get_context_data(refused=str(refusal)), status=409)
        back_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        done = resend_done(
            request, step, label=f"“{self.page.get_admin_display_title()}”", elsewhere=back_url
        )
        if done is not None:
            return done
        return self.render_to_response(self.get_context_data(back_url=back_url, **step.context))
