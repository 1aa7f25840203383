# Written by hand: the sending engine's models moved to the sending app (#23).
"""Send, Delivery, TrackingEvent and LinkClick leave the newsletters state; sending.0001_initial
has taken them over with the same tables, and every other app's foreign keys point there first
(returns.0002 runs before this). State only: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('newsletters', '0006_link_clicks'),
        ('sending', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name='linkclick', name='delivery'),
                migrations.RemoveField(model_name='linkclick', name='send'),
                migrations.RemoveField(model_name='trackingevent', name='delivery'),
                migrations.RemoveField(model_name='delivery', name='send'),
                migrations.RemoveField(model_name='delivery', name='contact'),
                migrations.RemoveField(model_name='send', name='created_by'),
                migrations.RemoveField(model_name='send', name='districts'),
                migrations.RemoveField(model_name='send', name='exclude_segments'),
                migrations.RemoveField(model_name='send', name='segments'),
                migrations.RemoveField(model_name='send', name='source_page'),
                migrations.DeleteModel(name='LinkClick'),
                migrations.DeleteModel(name='TrackingEvent'),
                migrations.DeleteModel(name='Delivery'),
                migrations.DeleteModel(name='Send'),
            ],
        ),
    ]
