"""Who may send: the one send permission, and the workflow rule every page-based send obeys.

`newsletters.permissions.can_send` (an issue) and `alerts.permissions.can_send_alert` (an alert)
ask both before every send.
"""

from wagtail.models import WorkflowState

# The permission of the Sends screens and of sending an issue (granted to the Coordinators group).
# Its codename is the one it had as a newsletters permission: the row, and every group holding
# it, came across with the Send model's content type (migration sending.0001_initial).
SEND_PERMISSION = "sending.can_send_newsletters"


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
