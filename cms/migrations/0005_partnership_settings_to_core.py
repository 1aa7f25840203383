from django.db import migrations


class Migration(migrations.Migration):
    """PartnershipSettings now lives in core (same table, cms_partnershipsettings): it leaves cms's
    state only; the table and its rows stay."""

    dependencies = [
        ("cms", "0004_alerts_need_approval"),
        ("core", "0003_partnership_settings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PartnershipSettings")],
            database_operations=[],
        ),
    ]
