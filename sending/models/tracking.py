"""Provider tracking events already applied, so a repeated webhook changes nothing; and the
links each delivery clicked, for the report's clicks per link."""

from django.db import models

# What a click on any link that is not one of the send's shared content links is recorded
# (and shown) as: such links carry a personal signed token, so their URL is never stored.
PERSONAL_LINK_LABEL = "A personal link (unsubscribe, preferences, booking…)"


class TrackingEvent(models.Model):
    """One anymail tracking event applied to a delivery. `key` is the provider's event id or,
    when it has none, a hash of the event's identifying fields; it is unique, so an event
    posted twice is applied once."""

    key = models.CharField(max_length=128, unique=True)
    esp_name = models.CharField(max_length=40)
    event_type = models.CharField(max_length=30)
    delivery = models.ForeignKey(
        "sending.Delivery", on_delete=models.CASCADE, related_name="tracking_events"
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    detail = models.CharField(max_length=500, blank=True)
    is_soft_bounce = models.BooleanField(
        default=False,
        help_text="A soft bounce or a deferral (mailbox full, server busy): they add up per "
        "address. A hard bounce is not one (it suppresses the address at once).",
    )

    class Meta:
        db_table = "newsletters_trackingevent"
        ordering = ["received_at", "id"]
        indexes = [
            # An address's soft bounces of the last days are counted at each new one.
            models.Index(
                fields=["received_at"],
                condition=models.Q(is_soft_bounce=True),
                name="trackingevent_soft_bounces",
            ),
        ]

    def __str__(self):
        return f"{self.event_type} for delivery {self.delivery_id}"


class LinkClick(models.Model):
    """A delivery's first click on one link: one row per (delivery, link), so a count of rows
    per (send, link) is the number of people who clicked it.

    `link` is one of the send's own shared content links (`engine.links.shared_link`), or ""
    for every other link (unsubscribe, preferences, RSVP, return links: anything personal),
    shown as PERSONAL_LINK_LABEL. A personal URL is never stored."""

    MAX_LINK_LENGTH = 1000

    # Neither key needs an index of its own: (send, link) and the unique (delivery, link)
    # lead with them.
    send = models.ForeignKey(
        "sending.Send", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    delivery = models.ForeignKey(
        "sending.Delivery", on_delete=models.CASCADE, related_name="link_clicks", db_index=False
    )
    link = models.CharField(max_length=MAX_LINK_LENGTH, blank=True)
    first_at = models.DateTimeField()

    class Meta:
        db_table = "newsletters_linkclick"
        ordering = ["first_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "link"], name="one_link_click_per_delivery")
        ]
        indexes = [
            # Clicks per link of a set of sends: one grouped index-only scan.
            models.Index(fields=["send", "link"], name="link_click_send_link"),
        ]

    def __str__(self):
        return f"{self.label} by delivery {self.delivery_id}"

    @property
    def label(self) -> str:
        return self.link or PERSONAL_LINK_LABEL
