from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and development"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A check-in records a completion (events' attendance signal); completions join the
        # directory's subject access and erasure (networks' hooks).
        from . import (
            privacy,  # noqa: F401
            signals,  # noqa: F401
        )
