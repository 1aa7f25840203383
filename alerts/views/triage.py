"""Triage views in the Wagtail admin: a report, its changes and its downloads (the inbox and its
export are views/inbox.py).

Every view: responders only, OTP-verified (guards.responder_required); reports through
alerts.access (404 alike for missing and out-of-scope); changes through alerts.actions.
"""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import actions
from ..access import get_report_for_user
from ..actions.notify import responders_who_can_see
from ..audit_words import describe_entries
from ..forms import (
    AssignForm,
    LegalHoldForm,
    LinkAlertForm,
    MessageForm,
    ReplyForm,
    StateForm,
    UrgencyForm,
)
from ..models import AuditEntry, Outbox, ReplyTemplate, ReportAttachment
from ..permissions import alerts_for_sender, may_send_alerts
from .guards import responder_required

ATTACHMENT_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def _assign_form(report, data=None):
    people = responders_who_can_see(report).order_by("first_name", "username")
    groups = Group.objects.filter(user__in=people).distinct().order_by("name")
    return AssignForm(
        data,
        people=people,
        groups=groups,
        initial={"assignee": report.assigned_user_id, "group": report.assigned_group_id},
    )


def _linked_alerts(report, user) -> dict:
    """The alerts `report` is linked to that `user` may link to (with unlink buttons), how many
    others it is linked to (a count: alerts outside their districts), and the form to link one
    more (senders only)."""
    linkable = alerts_for_sender(user)
    linked_ids = list(report.alert_links.values_list("alert_id", flat=True))
    shown = list(linkable.filter(pk__in=linked_ids))
    context = {"linked_alerts": shown, "other_linked_alerts": len(linked_ids) - len(shown)}
    if may_send_alerts(user):
        context["link_alert_form"] = LinkAlertForm(alerts=linkable.exclude(pk__in=linked_ids))
    return context


@never_cache
@responder_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    actions.record_report_viewed(report, request.user)
    reply_initial = {}
    template_id = request.GET.get("template", "")
    if template_id.isdigit() and (tpl := ReplyTemplate.objects.filter(pk=template_id).first()):
        reply_initial = {"body": tpl.body, "template": tpl.pk}
    return render(
        request,
        "alerts/admin/report.html",
        {
            "page_title": f"Report {report.reference}",
            "header_icon": "mail",
            "report": report,
            "conversation": report.messages.select_related("author"),
            "attachments": report.attachments.all(),
            "state_form": StateForm(initial={"state": report.state, "outcome": report.outcome}),
            "urgency_form": UrgencyForm(initial={"urgency": report.urgency}),
            "assign_form": _assign_form(report),
            "note_form": MessageForm(),
            "reply_form": ReplyForm(initial=reply_initial),
            "hold_form": LegalHoldForm(
                initial={"hold": report.legal_hold, "reason": report.legal_hold_reason}
            ),
            "templates": ReplyTemplate.objects.all(),
            "history": describe_entries(
                AuditEntry.objects.filter(report_id_value=report.pk).select_related("actor")[:100]
            ),
            "notifications": Outbox.objects.filter(report=report).select_related("user"),
            **_linked_alerts(report, request.user),
        },
    )


def _apply(request, report, name):
    """Parse the form for change `name` and call its action. Raises ValidationError."""
    user = request.user
    if name == "state":
        form = StateForm(request.POST)
        if form.is_valid():
            actions.change_report_state(
                report, user, form.cleaned_data["state"], form.cleaned_data["outcome"]
            )
            return "Status changed."
    elif name == "urgency":
        form = UrgencyForm(request.POST)
        if form.is_valid():
            actions.set_report_urgency(report, user, form.cleaned_data["urgency"])
            return "Urgency changed."
    elif name == "assign":
        form = _assign_form(report, request.POST)
        if form.is_valid():
            actions.assign_report(
                report, user, form.cleaned_data["assignee"], form.cleaned_data["group"]
            )
            return "Assignment saved."
    elif name == "note":
        form = MessageForm(request.POST)
        if form.is_valid():
            actions.add_internal_note(report, user, form.cleaned_data["body"])
            return "Internal note added. The submitter does not see it."
    elif name == "reply":
        form = ReplyForm(request.POST)
        if form.is_valid():
            actions.send_reply(report, user, form.cleaned_data["body"])
            return "Reply sent. The submitter reads it with their receipt code or link."
    elif name == "hold":
        form = LegalHoldForm(request.POST)
        if form.is_valid():
            actions.set_legal_hold(
                report, user, form.cleaned_data["hold"], form.cleaned_data["reason"]
            )
            return "Legal hold saved."
    elif name in ("link_alert", "unlink_alert"):
        return _link(request, report, name)
    else:
        raise Http404
    raise ValidationError([f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()])


def _link(request, report, name):
    """Link the report to an alert the user may send, or unlink it. Someone who may not send
    alerts, or an alert that is missing or outside their districts, gets the 404 a missing alert
    gets (only a hand-made POST names one)."""
    user = request.user
    if not may_send_alerts(user):
        raise Http404("No such alert.")
    form = LinkAlertForm(request.POST, alerts=alerts_for_sender(user))
    if not form.is_valid():
        if form.has_error("alert", "invalid_choice"):
            raise Http404("No such alert.")
        raise ValidationError(form.errors["alert"])
    alert = form.cleaned_data["alert"]
    if name == "link_alert":
        if actions.link_report_to_alert(report, alert, user):
            return f"Linked to the alert “{alert.title}”."
        return f"This report was already linked to the alert “{alert.title}”."
    if actions.unlink_report_from_alert(report, alert, user):
        return f"Unlinked from the alert “{alert.title}”."
    return f"This report was not linked to the alert “{alert.title}”."


@require_POST
@responder_required
def change(request, pk, name):
    report = get_report_for_user(request.user, pk)
    try:
        messages.success(request, _apply(request, report, name))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("alerts_admin:report", pk=report.pk)


@responder_required
def download(request, pk):
    """Serve an attachment to a responder who may see its report, as a download, audited."""
    attachment = ReportAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    report = get_report_for_user(request.user, attachment.report_id)
    actions.record_attachment_download(attachment, request.user)
    extension = ATTACHMENT_EXTENSIONS.get(attachment.content_type, "bin")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{report.reference}-{attachment.pk}.{extension}",
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
