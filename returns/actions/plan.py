"""Changes to the action plan: the annual copy forward, and quarterly progress."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Action, Plan, ProgressUpdate, Theme, validate_evidence_links
from ..periods import Quarter


@transaction.atomic
def copy_plan_forward(plan: Plan, *, name: str, starts_on, ends_on, user=None) -> Plan:
    """A new plan for the next period with every theme and action of `plan` (each action
    remembering the one it was copied from, responsible organisations included), for the annual
    refresh to change. The progress history stays with the old plan's actions."""
    new = Plan.objects.create(name=name, starts_on=starts_on, ends_on=ends_on, copied_from=plan)
    for theme in plan.themes.prefetch_related("actions__responsible_organisations"):
        copy = Theme.objects.create(plan=new, number=theme.number, name=theme.name, aim=theme.aim)
        for action in theme.actions.all():
            organisations = list(action.responsible_organisations.all())
            original_id = action.pk
            action.pk = action.id = None
            action.theme = copy
            action.copied_from_id = original_id
            action._prefetched_objects_cache = {}  # else set() compares with the old rows
            action.save()
            action.responsible_organisations.set(organisations)
    log(instance=new, action="returns.plan.copied", user=user, data={"from": plan.pk})
    return new


@transaction.atomic
def record_progress(
    action: Action,
    quarter: Quarter,
    status: str,
    *,
    reported_by: str,
    narrative: str = "",
    evidence_links: str = "",
    organisation=None,
    contact=None,
    user=None,
    response=None,
) -> ProgressUpdate:
    """A new progress row for `action` in `quarter` (never an overwrite: the latest row of a
    quarter is its status, earlier rows stay as history). Raises ValidationError for evidence
    that is not a list of web addresses."""
    validate_evidence_links(evidence_links)
    update = ProgressUpdate.objects.create(
        action=action,
        quarter_start=quarter.start,
        status=status,
        narrative=narrative,
        evidence_links=evidence_links,
        reported_by=reported_by[:200],
        organisation=organisation,
        reported_by_contact=contact,
        reported_by_user=user,
        response=response,
    )
    log(
        instance=action,
        action="returns.progress.recorded",
        user=user,
        data={"quarter": quarter.start.isoformat(), "status": status},
    )
    return update
