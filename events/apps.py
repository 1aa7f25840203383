from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Events' part in the directory's subject access and erasure hooks.
        from . import privacy  # noqa: F401
