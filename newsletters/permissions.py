"""Who may send which issue. Views and the sending engine ask `can_send()` before every send."""

from sending.permissions import SEND_PERMISSION, approved_through_workflow


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
