from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and nothing else. `core` imports no other app of the project."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import signals  # noqa: F401  (beat's heartbeat)
