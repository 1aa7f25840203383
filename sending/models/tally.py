"""A finished send's tally: how many of its deliveries are in each measure the reports show.

The tally is kept only while its send is `sent` (it is written in the transaction that finishes
the send and dropped when rows are queued again), and every later change to a counted field of
a delivery (a provider's tracking event) adjusts it in the same transaction, so it always equals
counting the deliveries (`sending.engine.tally`). A send without one is counted live.
"""

from django.db import models
from django.db.models import Q

from .sends import Delivery, Send

# What each measure counts, as a filter on deliveries and as a test of one delivery: the one
# definition the tally, its adjustments and the live count share.
MEASURES = {
    "sent": (Q(sent_at__isnull=False), lambda d: d.sent_at is not None),
    "delivered": (Q(delivered_at__isnull=False), lambda d: d.delivered_at is not None),
    "bounced": (Q(state=Delivery.State.BOUNCED), lambda d: d.state == Delivery.State.BOUNCED),
    "complained": (
        Q(state=Delivery.State.COMPLAINED),
        lambda d: d.state == Delivery.State.COMPLAINED,
    ),
    "opened": (Q(opened_at__isnull=False), lambda d: d.opened_at is not None),
    "clicked": (Q(clicked_at__isnull=False), lambda d: d.clicked_at is not None),
}


class SendTally(models.Model):
    """The number of a finished send's deliveries in each of MEASURES."""

    send = models.OneToOneField(
        Send, primary_key=True, on_delete=models.CASCADE, related_name="tally"
    )
    sent = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    bounced = models.PositiveIntegerField(default=0)
    complained = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    clicked = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(help_text="When the send finished and was counted.")

    class Meta:
        # Beside the engine's other tables, which kept their newsletters_ names (models/__init__).
        db_table = "newsletters_sendtally"

    def __str__(self):
        return f"Tally of send {self.send_id}"
