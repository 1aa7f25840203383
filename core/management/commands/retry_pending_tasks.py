"""`manage.py retry_pending_tasks`: put promised tasks that were set aside back in the queue."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import PendingTask


class Command(BaseCommand):
    help = (
        "Give promised background tasks that failed PendingTask.GIVE_UP_AFTER times a fresh "
        "start (after the cause in the worker's log is fixed); beat's sweep hands them over "
        "within a minute. --list only shows them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", dest="only_list", help="Show them; change nothing."
        )

    def handle(self, *args, only_list=False, **options):
        given_up = PendingTask.objects.filter(attempts__gte=PendingTask.GIVE_UP_AFTER)
        if only_list:
            for row in given_up.order_by("id"):
                self.stdout.write(f"{row.pk} {row.task} after {row.attempts}: {row.last_error}")
            self.stdout.write(f"{given_up.count()} set aside.")
            return
        n = given_up.update(attempts=0, next_attempt_at=timezone.now())
        self.stdout.write(f"{n} task{'s' if n != 1 else ''} back in the queue.")
