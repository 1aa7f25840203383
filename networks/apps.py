from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Contact directory"

    def ready(self):
        # Registers the hooks that keep partner-only pages to partners (serving, the admin's
        # page chooser and explorer).
        from . import partner_pages  # noqa: F401
