"""Provider tracking events already applied, so a repeated webhook changes nothing."""

from django.db import models


class TrackingEvent(models.Model):
    """One anymail tracking event applied to a delivery. `key` is the provider's event id or,
    when it has none, a hash of the event's identifying fields; it is unique, so an event
    posted twice is applied once."""

    key = models.CharField(max_length=128, unique=True)
    esp_name = models.CharField(max_length=40)
    event_type = models.CharField(max_length=30)
    delivery = models.ForeignKey(
        "newsletters.Delivery", on_delete=models.CASCADE, related_name="tracking_events"
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self):
        return f"{self.event_type} for delivery {self.delivery_id}"
