"""What `make run` is about to start, and where its mail goes (printed before honcho starts)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand


def mail_destination() -> str:
    backend = settings.EMAIL_BACKEND
    if backend.endswith("EmlFileBackend") or backend.endswith("filebased.EmailBackend"):
        return f".eml files under {settings.EMAIL_FILE_PATH}/"
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if backend.endswith("console.EmailBackend"):
        return "printed in this console"
    return backend


def broker() -> str:
    if settings.REDIS_URL:
        return "Redis (REDIS_URL)"
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
    return f"message files under {folder}/ (no Redis needed)"


def database() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db['NAME']} on {db.get('HOST') or 'localhost'}"


class Command(BaseCommand):
    help = "Say which processes `make run` starts, against what, and where mail goes."

    def handle(self, *args, **options):
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        cache = "Redis" if settings.REDIS_URL else f"files under {settings.VAR_DIR / 'cache'}/"
        lines = [
            f"web:      http://{host}:{port}/ (Django runserver)",
            f"links:    {settings.SITE_URL} (SITE_URL, in emails)",
            "worker:   Celery worker (sends email, runs imports and follow-ups)",
            "beat:     Celery beat (scheduled sends, reminders, offers, escalations, retention,",
            "          scheduled publishing, review reminders, heartbeats)",
            f"broker:   {broker()}",
            f"cache:    {cache}",
            f"database: {database()}",
            f"mail:     {mail_destination()}",
            "Ctrl-C stops all three.",
        ]
        self.stdout.write("\n".join(lines))
