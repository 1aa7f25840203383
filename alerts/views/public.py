"""Public report pages under /report/: anonymous people and signed-in partners.

Views parse input, check access and call actions. Nothing a submitter typed is rendered as HTML
(templates autoescape; line breaks only through the escaping `linebreaksbr`).
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.links import BadLink, bad_link_response
from core.partnership import partnership

from .. import actions, ratelimit
from ..forms import MoreInformationForm, ReceiptForm, ReportForm, StartForm
from ..links import read_report_token
from ..models import Report, ReportMessage
from ..receipts import hash_receipt

log = logging.getLogger(__name__)
SESSION_KEY = "alerts_reports"


def _partnership(request):
    return partnership(request)


def _grant(request, report: Report) -> None:
    """Let this browser session open `report` (after a receipt, a link or submitting it)."""
    granted = list(request.session.get(SESSION_KEY, []))
    if not granted:
        # New rights in this session: a fresh session key, so a planted one gains nothing.
        request.session.cycle_key()
    if report.pk not in granted:
        granted.append(report.pk)
    request.session[SESSION_KEY] = granted[-20:]


def _report_for_submitter(request, reference: str) -> Report:
    """The report if this session was granted it (or a signed-in partner submitted it);
    404 alike for missing and not-yours."""
    report = Report.objects.filter(reference=reference.upper(), anonymised_at__isnull=True).first()
    if report is None:
        raise Http404
    granted = report.pk in request.session.get(SESSION_KEY, [])
    own = request.user.is_authenticated and report.submitted_by_id == request.user.pk
    if not (granted or own):
        raise Http404
    return report


def _too_many(request, template="alerts/public/too_many.html", context=None):
    response = render(request, template, context or {}, status=429)
    response["Retry-After"] = "3600"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    """The questions before the form: danger, one individual, online terrorist material."""
    # Bound on every POST: continuing with nothing ticked must show the errors, not a blank form.
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.in_danger:
        # Someone in danger is never held back by the questions that come after.
        return redirect("alerts:danger")
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["individual"] == "yes":
            return redirect("alerts:individual")
        if form.cleaned_data["online_material"] == "yes":
            return redirect("alerts:online")
        return redirect("alerts:new")
    return render(request, "alerts/public/start.html", {"form": form})


def danger(request):
    return render(request, "alerts/public/danger.html", {"partnership": _partnership(request)})


def individual(request):
    return render(request, "alerts/public/individual.html", {"partnership": _partnership(request)})


def online(request):
    return render(request, "alerts/public/online.html", {"partnership": _partnership(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def new_report(request):
    if request.method == "GET":
        return render(request, "alerts/public/form.html", {"form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    if ratelimit.too_many_submissions(request):
        return _too_many(request, context={"what": "reports"})
    if form.is_bot:
        log.info("alerts: a submission filled the honeypot field and was refused")
        form.add_error(
            None,
            "Your report could not be sent. If you are a person, empty the field "
            "labelled “Leave this field empty” and send it again.",
        )
        return render(request, "alerts/public/form.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "alerts/public/form.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        report, receipt = actions.submit_report(
            kind=data["kind"],
            district=data["district"],
            location=data["location"],
            occurred=data["occurred"],
            description=data["description"],
            submitter_name=data["submitter_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            notify_on_reply=data["notify_on_reply"],
            files=data["attachments"],
            user=request.user,
            submission_key=data["submission_key"],
        )
    except actions.DuplicateSubmission as dup:
        return render(request, "alerts/public/duplicate.html", {"report": dup.report})
    _grant(request, report)
    # The receipt is shown once, in this response, and never stored: no redirect, no cache.
    response = render(request, "alerts/public/receipt.html", {"report": report, "receipt": receipt})
    add_never_cache_headers(response)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def return_with_receipt(request):
    form = ReceiptForm(request.POST or None)
    if ratelimit.is_locked_out(request):
        return _too_many(
            request, "alerts/public/locked_out.html", {"minutes": settings.ALERTS_LOCKOUT_MINUTES}
        )
    if request.method == "POST":
        if ratelimit.too_many_lookups(request):
            return _too_many(request, context={"what": "receipt look-ups"})
        if form.is_valid():
            digest = hash_receipt(form.cleaned_data["receipt"])
            report = Report.objects.filter(receipt_hash=digest, anonymised_at__isnull=True).first()
            if report is not None:
                ratelimit.clear_receipt_failures(request)
                _grant(request, report)
                actions.record_submitter_access(report, via="receipt")
                return redirect("alerts:report", reference=report.reference)
        failures = ratelimit.record_receipt_failure(request)
        left = settings.ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT - failures
        if left <= 0:
            return _too_many(
                request,
                "alerts/public/locked_out.html",
                {"minutes": settings.ALERTS_LOCKOUT_MINUTES},
            )
        if form.is_valid():
            form.add_error(
                "receipt",
                "We could not find a report with that receipt code. Check it "
                f"and try again ({left} more tries before a pause).",
            )
        return render(request, "alerts/public/return.html", {"form": form}, status=400)
    return render(request, "alerts/public/return.html", {"form": form})


@never_cache
def open_link(request, token):
    """The signed link from an email: opens the report in this session, then drops the token
    from the address bar."""
    try:
        report = read_report_token(token)
    except BadLink as exc:
        return bad_link_response(request, exc.reason, "alerts/public/bad_link.html")
    _grant(request, report)
    actions.record_submitter_access(report, via="link")
    return redirect("alerts:report", reference=report.reference)


@never_cache
@require_http_methods(["GET", "POST"])
def report_detail(request, reference):
    report = _report_for_submitter(request, reference)
    form = MoreInformationForm()
    if request.method == "POST":
        if ratelimit.too_many_submissions(request):
            return _too_many(request, context={"what": "messages"})
        form = MoreInformationForm(request.POST, request.FILES)
        if form.is_valid():
            actions.add_submitter_information(
                report, form.cleaned_data["body"], form.cleaned_data["attachments"]
            )
            messages.success(request, "Thank you: your information has been added to the report.")
            return redirect("alerts:report", reference=report.reference)
    conversation = report.messages.exclude(kind=ReportMessage.Kind.NOTE)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "alerts/public/report.html",
        {"report": report, "conversation": conversation, "form": form},
        status=status,
    )


@require_POST
def email_link(request, reference):
    report = _report_for_submitter(request, reference)
    if ratelimit.too_many_link_emails(request):
        return _too_many(request, context={"what": "emails"})
    if actions.request_report_link(report):
        messages.success(
            request, "We have emailed you a link to this report. The email contains only the link."
        )
    else:
        messages.error(request, "This report has no email address, so we cannot email a link.")
    return redirect("alerts:report", reference=report.reference)


@require_POST
def forget(request, reference):
    """Stop this browser from showing the report (on a shared computer)."""
    report = _report_for_submitter(request, reference)
    request.session[SESSION_KEY] = [
        pk for pk in request.session.get(SESSION_KEY, []) if pk != report.pk
    ]
    messages.success(
        request, "This browser no longer shows the report. Use your receipt code to open it again."
    )
    return redirect("alerts:start")
