"""`make run`'s own worker and beat (Procfile.dev under honcho) against the test database, with
the file broker of the zero-set-up mode under a temporary VAR_DIR: no Redis involved."""

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.services import postgres_in_use, require

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class DevStack:
    """Start `honcho start -f Procfile.dev worker beat` as `make run` would (cms.settings.dev,
    no REDIS_URL); mail is written as .eml files under `var_dir / "mail"`."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.proc: subprocess.Popen | None = None

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    def start(self, *processes: str):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"REDIS_URL", "CELERY_WORKER_FOR_TESTS", "TEST_EMAIL_BACKEND"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DATABASE_URL=_database_url(),
            VAR_DIR=str(self.var_dir),
            EMAIL_BACKEND="eml",
            CELERY_CONCURRENCY="1",
        )
        log = open(self.var_dir / "dev-stack.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "honcho"), "start", "-f", "Procfile.dev", *processes],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return (self.var_dir / "dev-stack.log").read_text(errors="replace")

    def stop(self):
        """Ctrl-C, as a person stops `make run`: honcho stops every process it started."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture
def dev_stack(transactional_db, tmp_path):
    """A DevStack to start; stopped (and every process it ran gone) after the test."""
    require(postgres_in_use(), "needs DATABASE_URL pointing at PostgreSQL")
    stack = DevStack(tmp_path)
    try:
        yield stack
    finally:
        stack.stop()
