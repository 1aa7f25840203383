"""`make run`'s web process: Django's runserver with its autoreloader (Procfile.dev).

`manage.py runserver` starts Django twice before its first page: in the watching parent, which only
restarts the server when a file changes, and again in the server process. Here the parent starts no
Django (it runs the same restart loop as Django's, `autoreload.restart_with_reloader`), so the first
page answers one Django start sooner. The server process is `manage.py runserver` itself.
"""

import os
import signal
import sys

from django.utils import autoreload


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true":
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "runserver", *sys.argv[1:]])
        return 0
    # As Django's parent does: on SIGTERM (honcho stopping) exit, which stops the server process.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    try:
        return autoreload.restart_with_reloader()
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
