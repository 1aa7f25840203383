"""The board's demo: the reports folder under the home page, its approval workflow (the
coordinators approve) and a draft quarterly report for the last complete quarter."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core import roles

from .models import BoardReportIndexPage, BoardReportPage
from .periods import Period

WORKFLOW = "Board report approval"
BOARD_GROUP = roles.BOARD_MEMBERS_GROUP


def ensure_board_group() -> Group:
    """The read-only "Board members" group with exactly its permissions (migrations 0002 and
    0003 make it; this puts it back in a database emptied by hand or by a flushing test)."""
    group, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="board", codename="view_board_dashboard"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="learning", codename="view_takeup_report"),
        Permission.objects.get(content_type__app_label="returns", codename="view_returns_report"),
    )
    return group


def ensure_reports_folder(home) -> BoardReportIndexPage:
    """The one folder of board reports, with the approval workflow on it and the coordinators'
    page permissions on it. Idempotent."""
    index = BoardReportIndexPage.objects.first()
    if index is None:
        index = BoardReportIndexPage(title="Board reports", slug="board-reports")
        home.add_child(instance=index)
        index.save_revision().publish()
    coordinators, _ = Group.objects.get_or_create(name=roles.coordinator_group())
    coordinators.permissions.add(
        Permission.objects.get(content_type__app_label="board", codename="view_board_dashboard")
    )
    # Board pages count only grants on the board's folder (board.page_permissions).
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=coordinators,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


def seed_board_demo(home) -> BoardReportIndexPage:
    ensure_board_group()
    index = ensure_reports_folder(home)
    period = Period.last_complete_quarter()
    if not BoardReportPage.objects.filter(period_key=period.key).exists():
        report = BoardReportPage(
            title=f"PWG report {period.label}",
            slug=f"pwg-{period.key.lower()}",
            kind=BoardReportPage.Kind.QUARTERLY,
            period_key=period.key,
            summary="<p>Draft for the next Prevent Working Group meeting.</p>",
            narrative_6="<p>What we did, what changed, what next.</p>",
            live=False,
        )
        index.add_child(instance=report)
        report.save_revision()
    return index
