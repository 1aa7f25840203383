"""The "Board members" group also reads the take-up report (`learning.view_takeup_report`) and
the returns' figures and the plan's progress (`returns.view_returns_report`): both read-only
screens that apply the partnership's disclosure rule for anyone but a coordinator. Nothing that
changes a record is granted.

Permissions are made after all migrations (post_migrate), so this one makes the two it needs
with get_or_create, as they will be made then (same content type, codename and name).
"""

from django.db import migrations

BOARD_GROUP = "Board members"
PERMISSIONS = [
    (
        "learning",
        "completion",
        "view_takeup_report",
        "Can view the take-up report (figures only, small numbers suppressed)",
    ),
    (
        "returns",
        "return",
        "view_returns_report",
        "Can view the returns' figures and the plan's progress",
    ),
]


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        found.append(permission)
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=BOARD_GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0002_board_members_group"),
        ("learning", "0001_initial"),
        ("returns", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
