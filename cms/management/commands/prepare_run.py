"""`make run`'s set-up in one Django start, doing only what has changed since the last run.

migrate, seed_demo, ensure_coordinator and describe_run were four commands, four Django starts
(a second `make run` took a minute to answer on a busy machine). Here:

- migrations run only when the migration graph has a plan for this database;
- the demo partnership is loaded only when this database does not hold it yet, or a migration ran,
  or the demo's sources changed since it was loaded (`make demo` loads it again regardless);
- the coordinator's login is ensured and printed, and the run described, every time (cheap).
"""

import hashlib
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# What seed_demo loads: its command, every app's demo module and the reference data they read.
DEMO_SOURCES = (
    "cms/management/commands/seed_demo.py",
    "*/demo.py",
    "cms/demo_*.py",
    "networks/reference_data.py",
    "learning/framework.py",
    "returns/plan_2015_2018.py",
)


def pending_migrations() -> list[str]:
    """The migrations `migrate` would apply to the default database, in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def demo_fingerprint() -> str:
    """A hash of the demo's sources and of the database they were loaded into."""
    digest = hashlib.sha256()
    db = settings.DATABASES["default"]
    digest.update(f"{db['ENGINE']}|{db.get('HOST') or ''}|{db['NAME']}".encode())
    base = Path(settings.BASE_DIR)
    for path in sorted({p for pattern in DEMO_SOURCES for p in base.glob(pattern)}):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def demo_marker() -> Path:
    return Path(settings.VAR_DIR) / "demo-loaded.json"


def demo_in_database() -> bool:
    """The demo's home page is the default site's root (an emptied database has no site)."""
    from wagtail.models import Site

    from cms.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site is not None and site.root_page.specific_class is HomePage


def demo_is_current() -> bool:
    marker = demo_marker()
    if not marker.exists() or not demo_in_database():
        return False
    try:
        return json.loads(marker.read_text()).get("fingerprint") == demo_fingerprint()
    except ValueError:
        return False


class Command(BaseCommand):
    # The web server runs the system checks as it starts; running them here too would cost a
    # second or two of every start.
    requires_system_checks = []
    help = (
        "Prepare `make run` in one Django start: migrate if needed, load the demo if not loaded, "
        "ensure the coordinator's login (printed), and describe what runs."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        pending = pending_migrations()
        if pending:
            self.stdout.write(f"Applying {len(pending)} migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        if pending or not demo_is_current():
            self.stdout.write("Loading the demo partnership…")
            call_command("seed_demo", verbosity=0, stdout=self.stdout)
            demo_marker().parent.mkdir(parents=True, exist_ok=True)
            demo_marker().write_text(json.dumps({"fingerprint": demo_fingerprint()}))
        call_command("ensure_coordinator", stdout=self.stdout)
        call_command("describe_run", stdout=self.stdout)
        self.stdout.write(f"Prepared in {time.monotonic() - started:.1f} s.")
