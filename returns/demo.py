"""Demo data of returns, loaded by `manage.py seed_demo` (idempotent): the seed's action plan
2015–2018 with every action, the refreshed plan copied from it for the current financial year,
a few quarters of progress history, and one draft of each ready-made return for the last
quarter (not sent: sending is the coordinator's step). Dates are relative to today."""

from datetime import date, timedelta

from django.db import transaction

from networks.models import Organisation

from .actions import copy_plan_forward, create_return_from_template, record_progress
from .models import RAG, Action, Plan, Return, Template, Theme
from .periods import Quarter, Year, today
from .plan_2015_2018 import PLAN, THEMES

PROGRESS = [
    # (action number, status two quarters ago, status last quarter, narrative last quarter)
    ("1.1", RAG.ON_TRACK, RAG.ON_TRACK, "Networks meet in four of the five districts."),
    ("2.1", RAG.COMPLETE, RAG.COMPLETE, "Every specified authority has named its Prevent lead."),
    ("3.5", RAG.AT_RISK, RAG.ON_TRACK, "Quarterly returns now collected through Partnerhub."),
    ("4.2", RAG.ON_TRACK, RAG.AT_RISK, "Parent sessions paused while the package is reviewed."),
    ("6.4", RAG.OFF_TRACK, RAG.OFF_TRACK, "Lettings review not started: waiting for legal advice."),
]


@transaction.atomic
def seed_returns_demo() -> Plan:
    plan = _original_plan()
    year = Year.containing(today())
    refreshed = Plan.objects.filter(copied_from=plan).first()
    if refreshed is None:
        refreshed = copy_plan_forward(
            plan,
            name=f"Prevent Action Plan {year.start.year}–{year.end.year % 100:02d} (refreshed)",
            starts_on=year.start,
            ends_on=year.end,
        )
    last = Quarter.current().previous()
    if not Action.objects.filter(theme__plan=refreshed, progress__isnull=False).exists():
        for number, before, after, narrative in PROGRESS:
            action = Action.objects.filter(theme__plan=refreshed, number=number).first()
            if action is None:
                continue
            record_progress(
                action, last.previous(), before, reported_by="Prevent coordinator (demo)"
            )
            record_progress(
                action, last, after, narrative=narrative, reported_by="Prevent coordinator (demo)"
            )
    for template in (
        Template.LD_QUARTERLY,
        Template.ACTION_UPDATE,
        Template.POLICE_FIGURES,
        Template.SELF_ASSESSMENT,
    ):
        if not Return.objects.filter(template=template).exists():
            create_return_from_template(template, last.start, today() + timedelta(days=21))
    return refreshed


def _original_plan() -> Plan:
    plan, _ = Plan.objects.get_or_create(
        name=PLAN["name"],
        defaults={
            "starts_on": date.fromisoformat(PLAN["starts_on"]),
            "ends_on": date.fromisoformat(PLAN["ends_on"]),
        },
    )
    organisations = {o.name: o for o in Organisation.objects.all()}
    specified = [o for o in organisations.values() if o.is_specified_authority]
    for theme_data in THEMES:
        theme, _ = Theme.objects.update_or_create(
            plan=plan,
            number=theme_data["number"],
            defaults={"name": theme_data["name"], "aim": theme_data["aim"]},
        )
        for i, data in enumerate(theme_data["actions"]):
            fields = {k: v for k, v in data.items() if k not in ("number", "orgs")}
            action, _ = Action.objects.update_or_create(
                theme=theme, number=data["number"], defaults={**fields, "sort_order": i}
            )
            orgs = data["orgs"]
            chosen = (
                specified
                if orgs == "specified"
                else [organisations[n] for n in orgs if n in organisations]
            )
            action.responsible_organisations.set(chosen)
    return plan
