"""Partners are who the partnership says they are: a "partner" flag on organisations and
networks (unticked everywhere: the coordinator ticks the partnership's partners), the Partners
group that a "partners only" page restriction names (networks.partner_pages), and every
"signed-in users" page restriction turned into a "partners only" one (a password alone no longer
opens those pages)."""

from django.db import migrations, models

PARTNERS_GROUP = "Partners"


def restrict_to_partners(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    group, _ = Group.objects.get_or_create(name=PARTNERS_GROUP)
    for restriction in PageViewRestriction.objects.filter(restriction_type="login"):
        restriction.restriction_type = "groups"
        restriction.save(update_fields=["restriction_type"])
        restriction.groups.add(group)


def back_to_signed_in_users(apps, schema_editor):
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    for restriction in PageViewRestriction.objects.filter(
        restriction_type="groups", groups__name=PARTNERS_GROUP
    ).distinct():
        restriction.groups.clear()
        restriction.restriction_type = "login"
        restriction.save(update_fields=["restriction_type"])
    apps.get_model("auth", "Group").objects.filter(name=PARTNERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0008_consent_link_unsubscribes_index"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="network",
            name="is_partner",
            field=models.BooleanField(
                default=False,
                help_text="The partnership counts this network as a partner: its current members "
                "may open partner-only pages with a personal link.",
                verbose_name="partner",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="is_partner",
            field=models.BooleanField(
                default=False,
                help_text="The partnership counts this organisation as a partner: its contacts "
                "may open partner-only pages with a personal link.",
                verbose_name="partner",
            ),
        ),
        migrations.RunPython(restrict_to_partners, back_to_signed_in_users),
    ]
