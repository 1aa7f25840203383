from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters and sending"

    def ready(self):
        # The anymail tracking receiver, and the engine's part in subject access and erasure
        # (networks' hooks).
        from . import checks, privacy, webhooks  # noqa: F401
