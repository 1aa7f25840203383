import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old, new):
    # Permissions and admin log entries point at the content type: relabelling it keeps a group's
    # "can edit the partnership settings" and the history across the move.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="partnershipsettings").exists():
        return
    ContentType.objects.filter(app_label=old, model="partnershipsettings").update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "cms", "core")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "core", "cms")


class Migration(migrations.Migration):

    dependencies = [
        # The table was created by cms; this migration only takes the model over.
        ('cms', '0004_alerts_need_approval'),
        ('core', '0002_pending_tasks_and_rate_limit_counters'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        # PartnershipSettings moved from cms to core keeping its table: the model enters core's
        # state here and leaves cms's state in cms 0004; the database is not changed.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PartnershipSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(default='Prevent Partnership', max_length=200)),
                        ('short_name', models.CharField(blank=True, max_length=60)),
                        ('area_name', models.CharField(blank=True, help_text='The county or area the partnership covers.', max_length=100)),
                        ('strapline', models.CharField(blank=True, max_length=255)),
                        ('brand_colour', models.CharField(default='#1d4f76', help_text='Hex colour for the header; keep contrast with white text at least 4.5:1.', max_length=7)),
                        ('contact_email', models.EmailField(blank=True, max_length=254)),
                        ('contact_address', models.TextField(blank=True)),
                        ('emergency_guidance', models.CharField(default='If someone is in immediate danger, call 999.', max_length=255)),
                        ('safeguarding_referral_url', models.URLField(blank=True, help_text='Where a concern about one individual should be referred.')),
                        ('online_material_report_url', models.URLField(default='https://www.gov.uk/report-terrorism', help_text='National page for reporting online terrorist material.')),
                        ('police_non_emergency', models.CharField(default='Call 101', max_length=100)),
                        ('anti_terrorist_hotline', models.CharField(default='Anti-Terrorist Hotline: 0800 789 321', max_length=100)),
                        ('community_tension_report_url', models.CharField(blank=True, default='/report/', help_text='Where community tension is reported: a path on this site (e.g. /report/) or a full address.', max_length=255)),
                        ('footer_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {}), 1: ('wagtail.blocks.PageChooserBlock', (), {'required': False}), 2: ('core.blocks.LinkTargetBlock', (), {'required': False}), 3: ('wagtail.blocks.StructBlock', [[('title', 0), ('page', 1), ('url', 2)]], {})}, help_text='Extra links in the footer, e.g. accessibility statement, privacy notice.')),
                        ('alerts_need_approval', models.BooleanField(default=False, help_text='When ticked, an alert can only be sent once its published version has been approved through the approval workflow set on the Alerts pages.', verbose_name='alerts need approval before sending')),
                        ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'partnership',
                        'db_table': 'cms_partnershipsettings',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
