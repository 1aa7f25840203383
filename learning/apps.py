from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and development"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A check-in records a completion (events' attendance signal); completions join the
        # directory's subject access and erasure and the contact's page (networks' hooks); a
        # refresher reminder's dates are merge fields the engine fills per person.
        from . import (
            privacy,  # noqa: F401
            signals,  # noqa: F401
        )
        from .emails import register_learning_merge_fields

        register_learning_merge_fields()
