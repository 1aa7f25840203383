from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and nothing else. `core` imports no other app of the project."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import signals  # noqa: F401  (beat's heartbeat)

        from .sites import sync_default_site

        # Wagtail's Site (sitemap, canonical links) says the same address as SITE_URL.
        post_migrate.connect(sync_default_site, dispatch_uid="core.sync_default_site")
