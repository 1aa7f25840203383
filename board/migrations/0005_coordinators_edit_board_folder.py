"""Board pages take their page permissions from grants on the board's folder only (a grant on
the home page is for the hub's pages: board.page_permissions). Coordinators who are not
superusers keep drafting and publishing reports through this grant on the existing folder
(board.demo.ensure_reports_folder makes it for a new one)."""

from django.db import migrations

COORDINATORS = "Coordinators"
ACTIONS = ("add_page", "change_page", "publish_page")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    BoardReportIndexPage = apps.get_model("board", "BoardReportIndexPage")
    coordinators = Group.objects.filter(name=COORDINATORS).first()
    if coordinators is None:
        return
    for folder in BoardReportIndexPage.objects.all():
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=ACTIONS
        ):
            GroupPagePermission.objects.get_or_create(
                group=coordinators, page_id=folder.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0004_report_corrections"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
