"""pytest: PostgreSQL when DATABASE_URL is set (CI), else SQLite; mail kept in memory."""

import os
import re

# Under pytest-xdist each test process gets its own Redis database (the broker queue, cache and
# rate limits of one process must not be read by another's worker) and its own files under var/.
# The marker keeps a Celery worker started by a test (which inherits this environment) on the
# database of the process that started it.
_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST and os.environ.get("REDIS_URL") and not os.environ.get("PARTNERHUB_XDIST_REDIS"):
    _url = os.environ["REDIS_URL"]
    _m = re.search(r"/(\d+)$", _url)
    _db = (int(_m.group(1)) if _m else 0) + 1 + int(_XDIST.removeprefix("gw") or 0)
    os.environ["REDIS_URL"] = (_url[: _m.start()] if _m else _url.rstrip("/")) + f"/{_db}"
    os.environ["PARTNERHUB_XDIST_REDIS"] = "1"

from .base import *  # noqa: E402, F403
from .base import _EMAIL_BACKENDS, VAR_DIR  # noqa: E402
from .env import env_bool, env_str  # noqa: E402

_SUFFIX = f"-{_XDIST}" if _XDIST else ""

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test (tests/support/worker.py) may be given another backend, e.g. SMTP to
# a local sink or a fake ESP, through TEST_EMAIL_BACKEND; everything else keeps mail in memory.
_test_backend = env_str("TEST_EMAIL_BACKEND", "locmem")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_test_backend, _test_backend)
EMAIL_FILE_PATH = VAR_DIR / f"test-mail{_SUFFIX}"
MEDIA_ROOT = VAR_DIR / f"test-media{_SUFFIX}"
ALERTS_PRIVATE_ROOT = VAR_DIR / f"test-private{_SUFFIX}"
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
# Find a static file when it is asked for rather than list every app's static files each time a
# test client starts Django's handler (about 0.1 s per test client, once per test).
WHITENOISE_AUTOREFRESH = True
# Tests change pages through the ORM without publishing; the page cache has its own tests.
HUB_PAGE_CACHE_SECONDS = 0

# The fault suite's live server (tests/faults/) keeps its cache and page cache in its own Redis,
# as production does, so stopping that Redis tests what production would see.
if env_bool("TEST_REDIS_CACHE", False):
    CACHES = _REDIS_CACHES
    HUB_PAGE_CACHE_SECONDS = 600
