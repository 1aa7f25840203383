from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Returns and the action plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Returns' part in the directory's subject access and erasure hooks; the personal
        # return link as a merge field of the engine.
        from . import privacy  # noqa: F401
        from .emails import register_return_merge_fields

        register_return_merge_fields()
