"""pytest: PostgreSQL when DATABASE_URL is set (CI), else SQLite; mail kept in memory."""

from .base import *  # noqa: F403
from .base import _EMAIL_BACKENDS, VAR_DIR
from .env import env_bool, env_str

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test (tests/support/worker.py) may be given another backend, e.g. SMTP to
# a local sink or a fake ESP, through TEST_EMAIL_BACKEND; everything else keeps mail in memory.
_test_backend = env_str("TEST_EMAIL_BACKEND", "locmem")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_test_backend, _test_backend)
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
MEDIA_ROOT = VAR_DIR / "test-media"
ALERTS_PRIVATE_ROOT = VAR_DIR / "test-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unit tests run tasks eagerly; tests marked `worker` start a real worker against Redis, and that
# worker (CELERY_WORKER_FOR_TESTS, set by the fixture) must enqueue its own follow-up tasks.
CELERY_TASK_ALWAYS_EAGER = not env_bool("CELERY_WORKER_FOR_TESTS", False)
# Retries after a transient provider error come quickly in tests (production: seconds to minutes).
SEND_RETRY_BACKOFF_SECONDS = 0
_REDIS_CACHES = CACHES  # noqa: F405  (base's: the fail-soft Redis cache when REDIS_URL is set)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

WHITENOISE_USE_FINDERS = True
# Tests change pages through the ORM without publishing; the page cache has its own tests.
HUB_PAGE_CACHE_SECONDS = 0

# The fault suite's live server (tests/faults/) keeps its cache and page cache in its own Redis,
# as production does, so stopping that Redis tests what production would see.
if env_bool("TEST_REDIS_CACHE", False):
    CACHES = _REDIS_CACHES
    HUB_PAGE_CACHE_SECONDS = 600
