import os

from celery import Celery

from core import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

# kombu's Redis transport with the fix for workers dying at reconnect (see core/broker.py).
broker.install()

# Every task's base: retries a held SQLite lock with backoff (core.tasks.BaseTask).
app = Celery("partnerhub", task_cls="core.tasks:BaseTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
