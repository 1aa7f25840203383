"""System checks for the sending engine's deployment (shown by `manage.py check --deploy`)."""

from django.core.checks import Error, Tags, register

WEBHOOK_SECRET_MISSING = "newsletters.E001"  # noqa: S105 (a check id, not a secret)


@register(Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    """An ESP backend without ANYMAIL_WEBHOOK_SECRET: its tracking webhooks are switched off
    (404), so bounces and complaints would never suppress an address."""
    from .webhooks import configured_esp, webhook_secret_configured

    if configured_esp() and not webhook_secret_configured():
        return [
            Error(
                "EMAIL_BACKEND sends through an ESP but ANYMAIL_WEBHOOK_SECRET is not set.",
                hint=(
                    "Set ANYMAIL_WEBHOOK_SECRET (or ANYMAIL_WEBHOOK_SECRET_FILE) to a random "
                    "'user:password' and give the ESP the webhook URL "
                    "https://user:password@<host>/anymail/<esp>/tracking/. Without it the "
                    "tracking webhooks answer 404 and bounces never suppress an address."
                ),
                id=WEBHOOK_SECRET_MISSING,
            )
        ]
    return []
