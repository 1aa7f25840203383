from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Information hub"

    def ready(self):
        from cms import signals  # noqa: F401  (connects the cache purges)
