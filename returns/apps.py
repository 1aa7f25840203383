from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Returns and the action plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Returns' part in the directory's subject access and erasure hooks; the personal
        # return link as a merge field of the engine; the L&D return's figures as a source of
        # learning's take-up report (shown as reported, apart from recorded completions).
        from learning.reported import register_reported_takeup

        from . import privacy  # noqa: F401
        from .aggregates import reported_takeup
        from .emails import register_return_merge_fields

        register_return_merge_fields()
        register_reported_takeup(reported_takeup)
