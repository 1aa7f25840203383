"""pytest: PostgreSQL when DATABASE_URL is set (CI), else SQLite; mail kept in memory."""

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
MEDIA_ROOT = VAR_DIR / "test-media"
ALERTS_PRIVATE_ROOT = VAR_DIR / "test-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unit tests run tasks eagerly; tests marked `worker` start a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

WHITENOISE_USE_FINDERS = True
