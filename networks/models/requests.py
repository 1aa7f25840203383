"""What someone typed on the public subscribe form, kept only until a worker has acted on it."""

from django.db import models


class SubscriptionRequest(models.Model):
    """One subscribe-form POST. The form's request stores this row and enqueues its pk, the same
    work whatever the address, so the answer's timing cannot tell a suppressed, known or unknown
    address apart; the task (or the beat sweep, if the broker was down) applies it and deletes
    it."""

    email = models.CharField(max_length=254)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    district_ids = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    role = models.CharField(max_length=50, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The site the form was on: the confirmation speaks in the name of its partnership.
    site_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        # No address in logs or the admin: the row is personal data awaiting processing.
        return f"Subscription request {self.pk}"
