from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Feedback inbox and alerts"

    def ready(self):
        from core import roles

        from .access import responder_district_ids

        roles.register_districts(roles.DISTRICT_RESPONDER, responder_district_ids)
