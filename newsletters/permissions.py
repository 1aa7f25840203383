"""Who may send which issue. Views and the sending engine ask `can_send()` before every send."""

from wagtail.models import WorkflowState

SEND_PERMISSION = "newsletters.can_send_newsletters"


def approved_through_workflow(page) -> bool:
    """True when the page's most recent workflow finished approved and its live revision is the
    one that workflow approved: the revision submitted, or one an approver saved while approving.
    A revision published later by someone bypassing the workflow does not count."""
    state = page.workflow_states.order_by("-created_at", "-pk").first()
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return False
    final = state.current_task_state
    first = state.task_states.order_by("started_at", "pk").first()
    live = page.live_revision
    if final is None or first is None or live is None or final.finished_at is None:
        return False
    return first.revision_id <= live.pk and live.created_at <= final.finished_at


def can_send(user, page) -> tuple[bool, str]:
    """(True, "") when `user` may send `page` now, else (False, a reason to show them).

    Requires: the send permission; the page live with no unpublished changes; and, when a workflow
    applies to the page, its live revision approved through that workflow.
    """
    page = page.specific
    if not (user.is_active and user.has_perm(SEND_PERMISSION)):
        return False, "You do not have permission to send newsletters."
    if not page.live:
        return False, "This issue is not published yet."
    if page.has_unpublished_changes:
        return False, (
            "This issue has changes that are not published yet: get them approved and "
            "published first."
        )
    workflow = page.get_workflow()
    if workflow is not None and not approved_through_workflow(page):
        return False, f"The published version has not been approved through “{workflow.name}”."
    return True, ""
