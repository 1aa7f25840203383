from django.apps import AppConfig


class SendingConfig(AppConfig):
    name = "sending"
    verbose_name = "Sending"

    def ready(self):
        # The anymail tracking receiver, the webhook deployment check, and the engine's part in
        # subject access and erasure (networks' hooks).
        from . import checks, privacy, webhooks  # noqa: F401
