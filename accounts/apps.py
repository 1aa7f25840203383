from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts (see the package docstring for why it sits just below `cms`)."""

    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
