from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0007_report_alert_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="first_replied_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # Reports replied to before the field existed: their first reply's time.
        migrations.RunSQL(
            """
            UPDATE alerts_report SET first_replied_at = (
                SELECT MIN(m.created_at) FROM alerts_reportmessage m
                 WHERE m.report_id = alerts_report.id AND m.kind = 'reply')
             WHERE EXISTS (SELECT 1 FROM alerts_reportmessage m
                            WHERE m.report_id = alerts_report.id AND m.kind = 'reply')
            """,
            migrations.RunSQL.noop,
        ),
    ]
