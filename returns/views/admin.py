"""The coordinator's return screens (Wagtail admin): the list, a new return from a template,
send (with an idempotency key), the live status, one response (reopen, add a person), the
figures with their CSV export, the plan's progress by quarter, and the plan's copy forward.
Each view checks access first (404 for outsiders) and calls actions for any change."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import disclosure
from core.csv_export import csv_response
from core.idempotency import FIELD as KEY_FIELD
from core.idempotency import key_from, new_key
from core.periods import Quarter
from core.roles import is_coordinator
from sending.audience import AUDIENCE_FIELDS, audience_csv, confirm_context
from sending.views.sends import may_send

from .. import actions
from ..access import (
    get_response_for_user,
    get_return_for_user,
    require_figures_reader,
)
from ..admin_forms import AddPersonForm, CopyPlanForm, FiguresForm, NewReturnForm, ReopenForm
from ..aggregates import STATUS_WORDS as PROGRESS_WORDS
from ..aggregates import breakdowns, plan_progress
from ..models import Plan, Respondent, Response, Return, Template
from ..status import (
    STATUS_WORDS,
    STATUSES,
    reminder_note,
    reminders_stopped,
    status_counts,
    with_status,
)

PER_PAGE = 100


def _coordinator(request):
    if not is_coordinator(request.user):
        raise Http404("Not found.")


def index(request):
    _coordinator(request)
    returns = Return.objects.order_by("-created_at")[:200]
    plans = Plan.objects.order_by("-starts_on")
    return render(request, "returns/admin/index.html", {"returns": returns, "plans": plans})


def new_return(request):
    _coordinator(request)
    form = NewReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ret = actions.create_return_from_template(
            data["template"], date.fromisoformat(data["period"]), data["due_on"], user=request.user
        )
        messages.success(request, f"“{ret.title}” is a draft: check it, then send it.")
        return redirect("wagtailsnippets_returns_return:edit", ret.pk)
    return render(request, "returns/admin/new.html", {"form": form})


def send(request, pk):
    """Confirm step: how many organisations and leads, who they are (with a search and a CSV)
    and who is left out, then send (once per key) and land on the send's report. A return
    that would reach no organisation or no lead has no confirm button, and a confirm posted
    anyway is refused with the same words."""
    ret = get_return_for_user(request.user, pk)
    listing = request.method == "POST" and any(f in request.POST for f in AUDIENCE_FIELDS)
    if request.method == "POST" and not listing:
        key = key_from(request.POST)
        if key is None:
            messages.error(request, "Please confirm the send again.")
            return redirect("returns_admin:send", ret.pk)
        try:
            ret, sent_now = actions.send_return(ret, user=request.user, idempotency_key=key)
        except actions.NothingToSend as refused:
            messages.error(request, str(refused))
            return redirect("returns_admin:send", ret.pk)
        if sent_now:
            messages.success(request, f"“{ret.title}” is being sent.")
        if ret.send_id and may_send(request.user):
            return redirect("sending_admin:send_report", ret.send_id)
        return redirect("returns_admin:status", ret.pk)
    if ret.state != Return.State.DRAFT:
        return redirect("returns_admin:status", ret.pk)
    audience = actions.return_audience(ret)
    if "audience_csv" in request.POST:
        return audience_csv(audience, f"return-{ret.pk}-recipients.csv", request.user)
    organisations = actions.recipient_organisations(ret)
    counts = {
        "organisations": organisations.count(),
        "leads": actions.prevent_leads(organisations).count(),
    }
    context = {
        "ret": ret,
        **counts,
        "refusal": actions.nothing_to_send(**counts),
        "without_lead": organisations.exclude(
            pk__in=actions.prevent_leads(organisations).values("organisation_id")
        ).count(),
        "questions": ret.questions.count(),
        "key_field": KEY_FIELD,
        "key": new_key(),
        "carried": [],
        **confirm_context(audience, request.POST.get("audience_q", ""), request.user),
    }
    return render(request, "returns/admin/send.html", context)


def status(request, pk):
    ret = get_return_for_user(request.user, pk)
    if ret.state == Return.State.DRAFT:
        return redirect("returns_admin:send", ret.pk)
    wanted = request.GET.get("status", "")
    rows = with_status(Response.objects.filter(ret=ret)).select_related("organisation")
    if wanted in STATUS_WORDS:
        rows = rows.filter(status=wanted)
    page = Paginator(
        rows.order_by("organisation__name").only(
            "pk",
            "state",
            "opened_at",
            "saved_at",
            "submitted_at",
            "organisation__name",
            "organisation__sector",
        ),
        PER_PAGE,
    ).get_page(request.GET.get("p"))
    stopped = reminders_stopped([r.pk for r in page.object_list])
    context = {
        "ret": ret,
        "counts": status_counts(ret),
        "stopped_count": Respondent.objects.filter(
            response__ret=ret, chases_stopped_at__isnull=False
        ).count(),
        "page": page,
        "rows": [(r, STATUS_WORDS[r.status], stopped.get(r.pk, [])) for r in page.object_list],
        "wanted": wanted,
        "statuses": STATUSES,
    }
    return render(request, "returns/admin/status.html", context)


def response_detail(request, pk, response_id):
    ret = get_return_for_user(request.user, pk)
    response = get_response_for_user(request.user, ret, response_id)
    context = {
        "ret": ret,
        "response": response,
        "status": STATUS_WORDS[with_status(Response.objects.filter(pk=response.pk)).get().status],
        "answers": response.answers.select_related("question").order_by(
            "question__sort_order", "question_id"
        ),
        "respondents": [
            (r, reminder_note(r) if r.chases_stopped_at else "")
            for r in response.respondents.select_related("contact", "delivery", "handed_to")
        ],
        "reopen_form": ReopenForm(),
        "add_form": AddPersonForm(response.organisation),
    }
    return render(request, "returns/admin/response.html", context)


@require_POST
def reopen(request, pk, response_id):
    ret = get_return_for_user(request.user, pk)
    response = get_response_for_user(request.user, ret, response_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        actions.reopen_response(response, form.cleaned_data["note"], user=request.user)
        messages.success(request, f"{response.organisation} can change their return again.")
    else:
        messages.error(request, "Write a note saying what to check.")
    return redirect("returns_admin:response", ret.pk, response.pk)


@require_POST
def add_person(request, pk, response_id):
    ret = get_return_for_user(request.user, pk)
    response = get_response_for_user(request.user, ret, response_id)
    form = AddPersonForm(response.organisation, request.POST)
    if form.is_valid():
        try:
            actions.add_respondent(
                response, contact=form.cleaned_data["contact"], by_user=request.user
            )
            messages.success(request, f"{form.cleaned_data['contact']} has been sent a link.")
        except actions.NotAdded as refused:
            messages.error(request, str(refused))
    else:
        messages.error(request, "Choose a person of the organisation.")
    return redirect("returns_admin:response", ret.pk, response.pk)


def _figures_params(request):
    form = FiguresForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    template = data.get("template") or Template.LD_QUARTERLY
    count = data.get("quarters") or 8
    end = Quarter.current()
    start = end
    for _ in range(count - 1):
        start = start.previous()
    return form, template, start, end


def _disclosed(tables: dict, rule) -> dict:
    out = {"measures": tables["measures"]}
    for name in ("by_quarter", "by_sector", "by_district"):
        labels = [label for label, _ in tables[name]]
        table = disclosure.table([counts for _, counts in tables[name]], rule)
        out[name] = {
            "rows": list(zip(labels, table.cells, table.row_totals, strict=True)),
            "column_totals": table.column_totals,
            "total": table.total,
        }
    return out


def figures(request):
    """Exact figures for the coordinator; the partnership's disclosure rule for anyone else
    allowed to read them (the board's permission)."""
    require_figures_reader(request.user)
    form, template, start, end = _figures_params(request)
    rule = (
        disclosure.Rule.exact_figures()
        if is_coordinator(request.user)
        else disclosure.Rule.for_partnership(request)
    )
    tables = _disclosed(breakdowns(template, start.start, end.end), rule)
    context = {
        "form": form,
        "template": dict(Template.choices)[template],
        "start": start,
        "end": end,
        "tables": tables,
        "sections": [
            ("Quarter", tables["by_quarter"]),
            ("Sector", tables["by_sector"]),
            ("District", tables["by_district"]),
        ],
        "note": disclosure.method_note(rule),
        "csv_url": reverse("returns_admin:figures_csv") + "?" + request.GET.urlencode(),
    }
    return render(request, "returns/admin/figures.html", context)


def figures_csv(request):
    """The same three tables as a CSV; an export leaves the coordinator's screens, so every
    figure goes through the partnership's disclosure rule, whoever downloads it."""
    require_figures_reader(request.user)
    _, template, start, end = _figures_params(request)
    rule = disclosure.Rule.for_partnership(request)
    tables = _disclosed(breakdowns(template, start.start, end.end), rule)

    def rows():
        yield [dict(Template.choices)[template], f"{start.long_label} to {end.long_label}"]
        for title, key in (
            ("Quarter", "by_quarter"),
            ("Sector", "by_sector"),
            ("District", "by_district"),
        ):
            yield []
            yield [title, *tables["measures"], "Total"]
            for label, cells, total in tables[key]["rows"]:
                yield [label, *[c.text for c in cells], total.text]
            yield [
                "Total",
                *[c.text for c in tables[key]["column_totals"]],
                tables[key]["total"].text,
            ]
        yield []
        yield [disclosure.method_note(rule)]

    return csv_response(f"returns-{template}-{start.start:%Y%m}-{end.end:%Y%m}.csv", rows())


def progress(request):
    """Each theme's RAG counts for a quarter, and the actions at risk or off track."""
    require_figures_reader(request.user)
    quarter = Quarter.current()
    try:
        chosen = request.GET.get("quarter")
        if chosen:
            quarter = Quarter.of(date.fromisoformat(chosen))
    except ValueError:
        pass
    choices, q = [], Quarter.current()
    for _ in range(8):
        choices.append(q)
        q = q.previous()
    context = {
        "quarter": quarter,
        "choices": choices,
        "themes": plan_progress(quarter),
        "words": PROGRESS_WORDS,
        "can_edit": is_coordinator(request.user),
        "previous": quarter.previous(),
        "next_q": quarter.next() if quarter.next().start <= Quarter.current().start else None,
    }
    return render(request, "returns/admin/progress.html", context)


def copy_plan(request, pk):
    _coordinator(request)
    try:
        plan = Plan.objects.get(pk=pk)
    except (Plan.DoesNotExist, ValueError):
        raise Http404("Not found.") from None
    initial = {
        "name": f"{plan.name} (refreshed)",
        "starts_on": plan.ends_on + timedelta(days=1),
        "ends_on": plan.ends_on.replace(year=plan.ends_on.year + 1),
    }
    form = CopyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new = actions.copy_plan_forward(plan, user=request.user, **form.cleaned_data)
        messages.success(request, f"“{new.name}” is a copy of “{plan.name}”: change it here.")
        return redirect("wagtailsnippets_returns_plan:list")
    return render(request, "returns/admin/copy_plan.html", {"plan": plan, "form": form})
