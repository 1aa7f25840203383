from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "Board dashboard and reports"

    def ready(self):
        from . import signals  # noqa: F401  (publishing a report freezes its snapshot)
