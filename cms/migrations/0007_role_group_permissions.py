"""Every role's groups with their permissions (`cms.roles_setup`), so that a plain member of a
role's groups can do what the role does without a superuser flag; the coordinators also get the
page permissions on the tree's root and the image and document permissions on the root
collection. Only adds; reversing leaves the groups as they are."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    from cms.roles_setup import grant_role_permissions

    # Permissions are normally made after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    grant_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_remove_workerheartbeat"),
        ("alerts", "0008_report_first_replied_at"),
        ("board", "0003_board_members_read_takeup_and_returns"),
        ("core", "0004_disclosure_settings"),
        ("events", "0002_invitation_self_registered"),
        ("learning", "0001_initial"),
        ("newsletters", "0007_sending_models_moved"),
        ("sending", "0001_initial"),
        ("returns", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
