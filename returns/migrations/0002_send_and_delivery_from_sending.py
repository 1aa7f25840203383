# Written by hand: the Send and Delivery models moved from newsletters to sending (#23).
"""Return.send and Respondent.delivery now point at `sending.Send` and `sending.Delivery`: the same
tables as before, so only the migration state changes (no foreign key is touched). It runs before
newsletters takes the models out of its state (`run_before`), so no state ever has a foreign key
to a model that is gone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('returns', '0001_initial'),
        ('sending', '0001_initial'),
    ]

    run_before = [
        ('newsletters', '0007_sending_models_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='return',
                    name='send',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sending.send'),
                ),
                migrations.AlterField(
                    model_name='respondent',
                    name='delivery',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sending.delivery'),
                ),
            ],
        ),
    ]
