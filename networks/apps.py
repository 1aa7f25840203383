from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Contact directory"

    def ready(self):
        from core import roles

        from .permissions import lead_district_ids

        roles.register_districts(roles.DISTRICT_LEAD, lead_district_ids)
        # Registers the before_serve_page hook that lets a partner's personal link open
        # partner-only pages.
        from . import partner_access  # noqa: F401
