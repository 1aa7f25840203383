"""The coordinators keep the inbox's routing rules ("Inbox settings → Routing rules", which also
shows who a new report of each district tells): `cms.roles_setup` gives their group the
routing rule permissions, added here to databases migrated before. Only adds."""

from django.db import migrations


def grant(apps, schema_editor):
    from cms.roles_setup import grant_role_permissions

    grant_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_role_group_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
