"""`make run`: zero set-up. SQLite under var/, eager tasks, emails as .eml files under var/mail/."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_secret

DEBUG = env_bool("DEBUG", True)


def _dev_secret_key() -> str:
    """A per-checkout key kept in var/, so sessions survive restarts and no key is in the code."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = env_secret("SECRET_KEY") or _dev_secret_key()
ALLOWED_HOSTS = ["*"]

WHITENOISE_USE_FINDERS = True
