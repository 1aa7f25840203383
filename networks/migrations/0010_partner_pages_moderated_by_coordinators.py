"""Partner-only pages are approved by the coordinators, through the "Partner page approval"
workflow (networks.partner_pages.moderate_by_coordinators): the site-wide "Content approval"
workflow showed their titles to content approvers, who may not read them."""

from django.conf import settings
from django.db import migrations

PARTNERS_GROUP = "Partners"
PARTNER_WORKFLOW = "Partner page approval"
PARTNER_TASK = "Approval by a coordinator"


def moderate_partner_pages(apps, schema_editor):
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    restricted = list(
        PageViewRestriction.objects.filter(restriction_type="groups", groups__name=PARTNERS_GROUP)
        .values_list("page_id", flat=True)
        .distinct()
    )
    if not restricted:
        return
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow, _ = Workflow.objects.get_or_create(name=PARTNER_WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=PARTNER_TASK).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=PARTNER_TASK, content_type=content_type)
    coordinators, _ = Group.objects.get_or_create(name=settings.NETWORKS_COORDINATOR_GROUP)
    task.groups.add(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page_id in restricted:
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0009_partners"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(moderate_partner_pages, migrations.RunPython.noop)]
