from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Contact directory"

    def ready(self):
        from core import roles

        from .permissions import lead_district_ids

        roles.register_districts(roles.DISTRICT_LEAD, lead_district_ids)
        # Registers the hooks that keep partner-only pages to partners (serving, the admin's
        # page chooser and explorer).
        from wagtail.models import Page

        from . import partner_pages

        # "Private, accessible to any logged-in users" would let a password alone in, so no page
        # type offers it in the privacy dialog: partners only is the Partners group restriction.
        Page.private_page_options = partner_pages.PRIVATE_PAGE_OPTIONS
        from django.db.models.signals import m2m_changed
        from wagtail.models import PageViewRestriction

        m2m_changed.connect(
            partner_pages.on_restriction_groups_changed,
            sender=PageViewRestriction.groups.through,
            dispatch_uid="networks.partner_pages.moderated_by_coordinators",
        )
