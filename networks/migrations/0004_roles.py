"""The roles every partnership needs (reference data, not demo data): loaded by migration so a
new installation has them before anyone imports a contact."""

from django.db import migrations

ROLES = [
    ("prevent-lead", "Prevent lead"),
    ("designated-safeguarding-lead", "Designated safeguarding lead"),
    ("community-network-member", "Community network member"),
    ("voluntary-sector-representative", "Voluntary-sector representative"),
    ("prevent-working-group-member", "Prevent Working Group member"),
    ("employer-contact", "Employer contact"),
    ("elected-member", "Elected member"),
    ("other", "Other"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("networks", "Role")
    for slug, name in ROLES:
        Role.objects.update_or_create(slug=slug, defaults={"name": name})


def remove_roles(apps, schema_editor):
    Role = apps.get_model("networks", "Role")
    Role.objects.filter(slug__in=[slug for slug, _ in ROLES], contacts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_directory_access_and_imports")]

    operations = [migrations.RunPython(add_roles, remove_roles)]
