"""The read-only "Board members" group, and the board permission for coordinators.

Board members may open the admin and the board dashboard and read published reports: nothing
else (no page, snippet, contact, report or send permission), so they change nothing and see no
record behind a number. The group is also in TWO_FACTOR_GROUPS (they see partnership figures).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BOARD_GROUP = "Board members"
COORDINATORS = "Coordinators"


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    board = Permission.objects.get(content_type__app_label="board", codename="view_board_dashboard")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    group.permissions.set([board, access_admin])
    coordinators = Group.objects.filter(name=COORDINATORS).first()
    if coordinators is not None:
        coordinators.permissions.add(board)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=BOARD_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
