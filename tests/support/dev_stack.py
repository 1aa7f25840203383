"""`make run` in tests and benchmarks.

- `DevStack`: `make run`'s own worker and beat (Procfile.dev under honcho) against the test
  database, with the file broker of the zero-set-up mode under a temporary VAR_DIR: no Redis.
- `MakeRun`: the whole `make run` as a newcomer starts it (SQLite, web + worker + beat), under a
  temporary VAR_DIR and a free PORT: `start`, `wait_until_answering`, `stop`.
"""

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
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


# What `make run` must not inherit from the test run: its database, Redis, settings and test-only
# switches. PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every Django start compile
# the project again, which a newcomer's Python does not do.
_NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "CELERY_WORKER_FOR_TESTS",
    "TEST_EMAIL_BACKEND",
    "EMAIL_BACKEND",
    "SITE_URL",
    "BROKER_DIR",
    "PYTHONDONTWRITEBYTECODE",
    "PYTEST_XDIST_WORKER",
    "PARTNERHUB_XDIST_REDIS",
}


class MakeRun:
    """`make run` under `var_dir` (its SQLite file, mail, broker and cache) on `port`.

    The venv is installed already (`make test` and `make bench` install it first); make is told
    to take its stamp as current, so a lock file newer than the shared venv's stamp does not make
    it run pip."""

    def __init__(self, var_dir: Path, port: int, **env: str):
        self.var_dir = var_dir
        self.port = port
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.log_path = var_dir.parent / f"{var_dir.name}-make-run.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def database(self) -> Path:
        return self.var_dir / "partnerhub.sqlite3"

    def environ(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        env.update(VAR_DIR=str(self.var_dir), PORT=str(self.port), HOST="127.0.0.1", **self.env)
        return env

    def start(self) -> float:
        """Start `make run`; returns the monotonic time it was started at."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115
        started = time.monotonic()
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "run"],
            cwd=ROOT,
            env=self.environ(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return started

    def answers(self, path: str = "/") -> int | None:
        """The status of GET `path`, or None while nothing answers."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (OSError, urllib.error.URLError):
            return None

    def wait_until_answering(self, timeout: float = 600, path: str = "/") -> float:
        """Poll until `path` answers 200; returns the monotonic time it did. Fails with the log
        if `make run` exits or the time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers(path) == 200:
                return time.monotonic()
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"make run exited ({self.proc.returncode}):\n{self.log()}")
            time.sleep(0.2)
        raise AssertionError(f"make run did not answer {path} in {timeout} s:\n{self.log()}")

    def manage(self, *args: str, timeout: float = 600) -> str:
        """Run `manage.py *args` against this run's database and files; returns its stdout."""
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        """Ctrl-C, as a person stops `make run`: honcho stops every process it started."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
