"""The lead's return form (a personal link, no account), the two pages a chase links to ("I am
not the right person", "stop reminders for this return": a GET shows a button, a POST does it,
once), and the partner-only action plan."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.links import BadLink, bad_link_response
from core.periods import Quarter
from learning.actions import HeadcountRefused
from learning.headcounts import stated_for
from networks.partner_access import partner_access_required, private

from ..actions import (
    NotAdded,
    ReturnClosed,
    add_respondent,
    hand_over,
    open_response,
    questions_for,
    save_response,
    stop_chases,
)
from ..forms import AddColleagueForm, ReturnForm, field_name, initial_from, initial_headcounts
from ..links import HANDOVER, STOP_CHASES, make_token, read_token
from ..models import RAG, Action, ProgressUpdate, Response
from ..ready_made import NO_NAMES, current_plan

ADDED = (
    "Thank you. If your colleague can be added to this return, they will get an email with "
    "their own link in a few minutes."
)


def _bad_link(request, reason):
    return bad_link_response(request, reason, "returns/public/bad_link.html")


@never_cache
def return_form(request, token):
    try:
        respondent = read_token(token)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    response = open_response(respondent)
    questions = list(questions_for(response).select_related("action"))
    previous = stated_for(response.organisation_id)
    colleague_form = AddColleagueForm()
    form = None
    if request.method == "POST" and request.POST.get("step") == "colleague":
        colleague_form = AddColleagueForm(request.POST)
        if colleague_form.is_valid() and response.state != Response.State.SUBMITTED:
            data = colleague_form.cleaned_data
            add_respondent(
                response,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                by_contact=respondent.contact,
            )
            messages.success(request, ADDED)
            return redirect(request.path)
    elif request.method == "POST":
        submitting = request.POST.get("step") == "submit"
        form = ReturnForm(questions, request.POST, submitting=submitting, previous=previous)
        if form.is_valid():
            try:
                save_response(respondent, form.values(), submit=submitting)
            except ReturnClosed:
                messages.error(request, "This return was already submitted; nothing changed.")
                return redirect(request.path)
            except HeadcountRefused as refused:  # stated elsewhere meanwhile: nothing saved
                fields = form.headcount_fields()
                for level, message in refused.problems.items():
                    form.add_error(fields.get(level), message)
                return _form_page(request, respondent, response, questions, form, colleague_form)
            messages.success(
                request,
                "Thank you: your return is submitted."
                if submitting
                else "Your draft is saved. You can come back to it with the same link.",
            )
            return redirect(request.path)
    if form is None:
        answers = list(response.answers.all())
        initial = {**initial_headcounts(questions, previous), **initial_from(answers)}
        form = ReturnForm(questions, initial=initial, previous=previous)
    return _form_page(request, respondent, response, questions, form, colleague_form)


def _form_page(request, respondent, response, questions, form, colleague_form):
    response.refresh_from_db()
    answers = list(response.answers.all())
    by_question = {a.question_id: a for a in answers}
    context = {
        "respondent": respondent,
        "response": response,
        "ret": response.ret,
        "form": form,
        "rows": [(q, form[field_name(q)], by_question.get(q.pk)) for q in questions],
        "colleague_form": colleague_form,
        "submitted": response.state == Response.State.SUBMITTED,
        "no_names": NO_NAMES,
        "colleagues": response.respondents.select_related("contact"),
    }
    return private(render(request, "returns/public/form.html", context))


HANDED_OVER = (
    "Thank you. If your colleague can be added to this return, they will get an email with "
    "their own link in a few minutes. You will get no more reminders for it."
)


def _respondent_page(request, template, respondent, **extra):
    context = {
        "respondent": respondent,
        "response": respondent.response,
        "ret": respondent.response.ret,
        "return_path": reverse("returns:form", args=[make_token(respondent)]),
        "submitted": respondent.response.state == Response.State.SUBMITTED,
        **extra,
    }
    return private(render(request, template, context))


@never_cache
def hand_over_page(request, token):
    """ "I am not the right person": the lead names a colleague, who gets their own link; the
    lead's chases for this return stop. Once done, the page says so and a POST changes
    nothing."""
    try:
        respondent = read_token(token, HANDOVER)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    form = AddColleagueForm(request.POST or None)
    if request.method == "POST":
        if respondent.handed_over_at is not None:
            return redirect(request.path)
        if form.is_valid():
            try:
                hand_over(respondent, **form.cleaned_data)
            except ReturnClosed:
                messages.error(request, "This return was already submitted; nothing changed.")
                return redirect(request.path)
            except NotAdded as refused:
                form.add_error("email", str(refused))
            else:
                messages.success(request, HANDED_OVER)
                return redirect(request.path)
    return _respondent_page(request, "returns/public/hand_over.html", respondent, form=form)


@never_cache
def stop_chases_page(request, token):
    """ "Stop reminders for this return": this person gets no more chases for it; nothing
    else changes. A second POST changes nothing."""
    try:
        respondent = read_token(token, STOP_CHASES)
    except BadLink as bad:
        return _bad_link(request, bad.reason)
    if request.method == "POST":
        if stop_chases(respondent):
            messages.success(request, "Done: you will get no more reminders for this return.")
        return redirect(request.path)
    return _respondent_page(request, "returns/public/stop_chases.html", respondent)


@partner_access_required
def plan_page(request):
    """Every theme of the plan in force, its actions and each one's latest status."""
    plan = current_plan()
    themes = []
    if plan is not None:
        latest = {}
        updates = ProgressUpdate.objects.filter(action__theme__plan=plan).order_by(
            "action_id", "-quarter_start", "-created_at", "-id"
        )
        for update in updates:
            latest.setdefault(update.action_id, update)
        actions = Action.objects.filter(theme__plan=plan).select_related("theme")
        grouped = {}
        for action in actions.order_by("theme__number", "sort_order", "id"):
            grouped.setdefault(action.theme, []).append((action, latest.get(action.pk)))
        themes = list(grouped.items())
    return render(
        request,
        "returns/public/plan.html",
        {"plan": plan, "themes": themes, "quarter": Quarter.current(), "rag": RAG},
    )
