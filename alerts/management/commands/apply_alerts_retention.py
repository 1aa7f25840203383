from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.actions import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules to closed reports now (beat does it daily): warn a week "
        "ahead, then anonymise or delete (ALERTS_RETENTION_MODE) after ALERTS_RETENTION_DAYS. "
        "Reports under a legal hold are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would happen; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        result = apply_retention(dry_run=dry_run)
        prefix = "Would be " if dry_run else ""
        mode = settings.ALERTS_RETENTION_MODE
        self.stdout.write(f"Retention: {settings.ALERTS_RETENTION_DAYS} days, mode {mode}.")
        for label, refs in (
            ("warned about", result.warned),
            ("anonymised", result.anonymised),
            ("deleted", result.deleted),
        ):
            self.stdout.write(f"{prefix}{label}: {len(refs)} {' '.join(refs)}".rstrip())
