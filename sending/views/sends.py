"""The coordinator's Sends screens: the list of sends (every kind), and the per-send report with
its controls (pause, resume, cancel, retry failed, resend uncertain). Each app's own screen starts
a send (an issue's "Send to segments" is `newsletters.views.send_to_segments`).

Access: only users with `sending.can_send_newsletters` see sends or act on them; for anyone
else a send is a 404, exactly as one that does not exist (`get_send_for_user`). The report lists
recipients' addresses, which are partner data, so the same rule guards it and its JSON.
"""

import django_filters
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from core.csv_export import FormulaSafeExportMixin
from sending.engine import (
    SendStateError,
    cancel_send,
    pause_send,
    resend_uncertain,
    resends_of,
    resume_send,
    retry_failed,
    send_report,
)
from sending.models import RESENDABLE, Delivery, Send, SendKind, SendState
from sending.permissions import SEND_PERMISSION

NOT_FOUND = "No such send."
# Kinds listed by default: one-off notifications (confirmations, receipts) would drown them.
LISTED_KINDS = [k for k in SendKind.values if k != SendKind.NOTIFICATION]
UNFINISHED = (SendState.DRAFT, SendState.SCHEDULED, SendState.SENDING, SendState.PAUSED)
# States in which the engine sends failed or uncertain rows again.
SENT_AGAIN_FROM = (SendState.SENDING, SendState.PAUSED, SendState.SENT)


def may_send(user) -> bool:
    return user.is_active and user.has_perm(SEND_PERMISSION)


def get_send_for_user(user, pk) -> Send:
    """The send if `user` may see sends; Http404 alike when it is missing or they may not."""
    send = Send.objects.filter(pk=pk).select_related("source_page", "created_by").first()
    if send is None or not may_send(user):
        raise Http404(NOT_FOUND)
    return send


# --- The list of sends ---------------------------------------------------------------------------


class SendsAdminView(WagtailAdminTemplateMixin, View):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_send(request.user):
            raise Http404(NOT_FOUND)
        return super().dispatch(request, *args, **kwargs)


class SendFilterSet(WagtailFilterSet):
    """With no kind and no `show=all`, one-off notifications (confirmations, receipts) are left
    out: they would drown the newsletters, updates, invitations and alerts."""

    show = django_filters.ChoiceFilter(
        choices=[("all", "Every send, one-off notifications too")],
        empty_label="Newsletters, updates, invitations and alerts",
        method="filter_show",
        label="Show",
    )
    kind = django_filters.ChoiceFilter(choices=SendKind.choices, empty_label="Any kind")
    state = django_filters.ChoiceFilter(choices=SendState.choices, empty_label="Any state")

    class Meta:
        model = Send
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("show") and not data.get("kind"):
            queryset = queryset.filter(kind__in=LISTED_KINDS)
        return queryset

    def filter_show(self, queryset, name, value):
        return queryset  # "all" lifts the default in filter_queryset


class SubjectColumn(Column):
    def get_value(self, instance):
        url = reverse("sending_admin:send_report", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, instance.subject)


class SendStateColumn(Column):
    def get_value(self, instance):
        label = instance.get_state_display()
        if instance.state == SendState.SCHEDULED and instance.scheduled_at:
            return f"{label} for {timezone.localtime(instance.scheduled_at):%-d %b %Y %H:%M}"
        return label


PROBLEM_STATES = [
    Delivery.State.FAILED,
    Delivery.State.BOUNCED,
    Delivery.State.COMPLAINED,
    Delivery.State.UNCERTAIN,
]


class SendListView(FormulaSafeExportMixin, ReportView):
    """Every send, newest first: newsletters and updates (alerts and invitations too), with
    one-off notifications only when asked for; exportable (counts only, never an address)."""

    page_title = "Sends"
    header_icon = "mail"
    index_url_name = "sending_admin:sends"
    index_results_url_name = "sending_admin:sends_results"
    filterset_class = SendFilterSet
    verbose_name_plural = "sends"
    default_ordering = "-created_at"
    columns = [
        SubjectColumn("subject", label="Subject", sort_key="subject"),
        Column("get_kind_display", label="Kind", sort_key="kind"),
        SendStateColumn("state", label="State", sort_key="state"),
        DateColumn("created_at", label="Created", sort_key="created_at"),
        Column("recipient_count", label="Recipients", sort_key="recipient_count"),
        Column("sent", label="Sent", sort_key="sent"),
        Column("problems", label="Problems", sort_key="problems"),
    ]
    list_export = [
        "subject",
        "get_kind_display",
        "get_state_display",
        "created_at",
        "scheduled_at",
        "recipient_count",
        "sent",
        "problems",
    ]
    export_headings = {
        "subject": "Subject",
        "get_kind_display": "Kind",
        "get_state_display": "State",
        "created_at": "Created",
        "scheduled_at": "Scheduled for",
        "recipient_count": "Recipients",
        "sent": "Sent",
        "problems": "Problems",
    }
    export_filename = "sends"

    def dispatch(self, request, *args, **kwargs):
        if not may_send(request.user):
            raise Http404(NOT_FOUND)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return "No sends match these filters."
        return (
            "Nothing has been sent yet. Open an approved issue and choose “Send to segments” "
            "in its actions menu."
        )

    def get_base_queryset(self):
        # Two aggregates in the page's one query: the list costs the same for 3 sends or 300.
        return Send.objects.annotate(
            sent=Count("deliveries", filter=Q(deliveries__state=Delivery.State.SENT)),
            problems=Count("deliveries", filter=Q(deliveries__state__in=PROBLEM_STATES)),
        )

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            # A value that is not a choice narrows nothing, and notifications stay out.
            return queryset.filter(kind__in=LISTED_KINDS)
        return super().filter_queryset(queryset)

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "-id")


# --- The per-send report and its controls --------------------------------------------------------


ACTIONS = {
    # slug: (engine action, past-tense message, label)
    "pause": (pause_send, "Sending paused. Messages already being sent finish.", "Pause"),
    "resume": (resume_send, "Sending resumed.", "Resume"),
    "cancel": (cancel_send, "Send cancelled. Nobody else will get it.", "Cancel the send"),
    "retry-failed": (retry_failed, None, "Retry failed"),
    "resend-uncertain": (resend_uncertain, None, "Resend uncertain"),
}


def progress(send: Send, report: dict) -> dict:
    """What the report page polls: state and counts, never an address."""
    counts = report["counts"]
    done = report["recipients"] - counts[Delivery.State.QUEUED] - counts[Delivery.State.SENDING]
    return {
        "state": send.state,
        "state_label": send.get_state_display(),
        "recipients": report["recipients"],
        "done": done,
        "counts": counts,
        "opened": report["opened"],
        "clicked": report["clicked"],
        "active": send.state == SendState.SENDING,
        "daily_limit": report["daily_limit"],
    }


class SendReportView(SendsAdminView):
    template_name = "sending/admin/send_report.html"

    def get_page_title(self):
        return f"Send report: {self.send.subject}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("sending_admin:sends"), "label": "Sends"},
            {"url": "", "label": self.send.subject},
        ]

    def get(self, request, pk):
        self.send = get_send_for_user(request.user, pk)
        report = send_report(self.send)
        counts = report["counts"]
        state = self.send.state
        resends = (
            resends_of(self.send.source_page_id)
            .exclude(pk=self.send.pk)
            .select_related("created_by")
            if self.send.source_page_id and self.send.kind in RESENDABLE
            else []
        )
        context = self.get_context_data(
            send=self.send,
            report=report,
            resends=resends,
            progress=progress(self.send, report),
            rows=[
                (value, label, counts[value])
                for value, label in Delivery.State.choices
                if counts[value] or value in (Delivery.State.QUEUED, Delivery.State.SENT)
            ],
            failures=[f for f in report["failures"] if f["state"] != Delivery.State.UNCERTAIN],
            uncertain=[f for f in report["failures"] if f["state"] == Delivery.State.UNCERTAIN],
            open_percent=round(report["open_rate"] * 100, 1),
            click_percent=round(report["click_rate"] * 100, 1),
            can_pause=state == SendState.SENDING,
            can_resume=state == SendState.PAUSED,
            can_cancel=state in UNFINISHED,
            can_retry=counts[Delivery.State.FAILED] > 0 and state in SENT_AGAIN_FROM,
            can_resend=counts[Delivery.State.UNCERTAIN] > 0 and state in SENT_AGAIN_FROM,
        )
        return self.render_to_response(context)


class SendProgressView(View):
    """JSON for the report's auto-refresh (static/sending/send_report.js)."""

    def get(self, request, pk):
        send = get_send_for_user(request.user, pk)
        return JsonResponse(progress(send, send_report(send, failures_limit=0)))


class SendActionView(SendsAdminView):
    """POST: run one engine action on the send and go back to the report, with the engine's
    message when the send's state does not allow it. GET of "cancel" asks for confirmation."""

    template_name = "sending/admin/send_cancel.html"

    def dispatch(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404(NOT_FOUND)
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return f"Cancel the send: {self.send.subject}"

    def get(self, request, pk, action):
        self.send = get_send_for_user(request.user, pk)
        if action != "cancel":
            return redirect("sending_admin:send_report", self.send.pk)
        queued = self.send.deliveries.filter(state=Delivery.State.QUEUED).count()
        return self.render_to_response(self.get_context_data(send=self.send, queued=queued))

    def post(self, request, pk, action):
        send = get_send_for_user(request.user, pk)
        engine_action, done, _label = ACTIONS[action]
        try:
            result = engine_action(send, user=request.user)
        except SendStateError as refusal:
            messages.error(request, str(refusal))
        else:
            if done is None:
                count = result
                people = f"{count} message{'' if count == 1 else 's'}"
                done = f"{people} queued to be sent again." if count else "Nothing to send again."
            messages.success(request, done)
        return redirect("sending_admin:send_report", send.pk)
