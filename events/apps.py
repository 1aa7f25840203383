from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Events' part in the directory's subject access and erasure hooks; places re-offered
        # when an event is published.
        from . import (
            privacy,  # noqa: F401
            signals,  # noqa: F401
        )
        from .emails import register_event_merge_fields

        register_event_merge_fields()
