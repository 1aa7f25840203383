"""Production: refuses to start with unsafe defaults instead of having them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ANYMAIL,
    DATABASES,
    EMAIL_BACKEND,
    REDIS_URL,
    SECRET_KEY,
    SITE_URL,
    env_bool,
    env_int,
    env_list,
)

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or SECRET_KEY_FILE to "
        "a file holding it) to a long random string, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (Celery broker and cache).")
if not SITE_URL.startswith("https://") and not env_bool("ALLOW_HTTP_SITE_URL", False):
    raise ImproperlyConfigured("SITE_URL must be an https:// address in production.")
# An ESP's tracking webhooks suppress addresses and unsubscribe contacts: unauthenticated, anyone
# could do that, so they are switched off without a secret and production refuses to run so.
# (Settings cannot import the backend class yet; sending.checks does the exact check.)
_ESP_BACKEND = EMAIL_BACKEND.startswith("anymail.backends.") and EMAIL_BACKEND not in {
    "anymail.backends.test.EmailBackend",
    "anymail.backends.console.EmailBackend",
}
if _ESP_BACKEND and not ANYMAIL.get("WEBHOOK_SECRET"):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is the ESP backend {EMAIL_BACKEND} but ANYMAIL_WEBHOOK_SECRET is not set. "
        "Set ANYMAIL_WEBHOOK_SECRET (or ANYMAIL_WEBHOOK_SECRET_FILE) to a random 'user:password' "
        "and use it in the ESP's tracking webhook URL (see docs/configuration.md)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail's live preview shows the page in a same-origin iframe, so frames stay SAMEORIGIN rather
# than DENY (frame-ancestors 'self' in the CSP says the same); other sites still cannot frame us.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
