"""`make run`: zero set-up. SQLite under var/, emails as .eml files under var/mail/, and the
whole product: web, a Celery worker and beat (Procfile.dev).

Without REDIS_URL tasks still go through a real broker to the worker, one that needs no server:
kombu's filesystem transport, messages as files under BROKER_DIR (var/broker/). The cache is then
a file cache under var/cache/, so the web process and the worker share the page cache's purges
and the forms' rate limits on this one machine. With REDIS_URL set, base.py's Redis broker and
cache apply unchanged.
"""

from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import REDIS_URL, VAR_DIR, env_bool, env_secret, env_str

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

# Tasks go to the worker in both modes (base.py makes them eager when REDIS_URL is unset).
CELERY_TASK_ALWAYS_EAGER = False
if not REDIS_URL:
    BROKER_DIR = Path(env_str("BROKER_DIR", str(VAR_DIR / "broker")))
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # One folder both ways: the web process writes messages where the worker reads them.
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.5,
    }
    # No broadcast needed between one worker and one beat (remote control, gossip and mingle
    # are Redis/AMQP features the file transport serves poorly).
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
