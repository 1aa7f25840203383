from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters and sending"

    def ready(self):
        # Log action labels for Wagtail's history, and the anymail tracking receiver.
        from . import webhooks  # noqa: F401
        from .engine import log_actions  # noqa: F401
