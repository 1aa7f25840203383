"""`manage.py tally_sends`: count the tally of every finished send (again)."""

from django.core.management.base import BaseCommand

from sending.engine.tally import recount
from sending.models import Send, SendState


class Command(BaseCommand):
    help = (
        "Count the tally (deliveries sent, delivered, bounced, complained, opened, clicked) of "
        "every finished send from its deliveries: once after upgrading to the release that "
        "keeps tallies (sends finished before it are counted live until then), and whenever a "
        "tally is in doubt. Safe while sends and tracking webhooks run."
    )

    def handle(self, *args, **options):
        ids = Send.objects.filter(state=SendState.SENT).order_by("pk").values_list("pk", flat=True)
        counted = sum(1 for pk in list(ids) if recount(pk) is not None)
        self.stdout.write(f"{counted} send{'s' if counted != 1 else ''} counted.")
