"""What the refresher reminders and the leads' monthly lists have sent, so each goes once
(the database's unique rows decide, never a check that races). Partner data: a reminder names
the person it went to; a list names the completions it listed. Both go with erasure
(`learning.privacy`)."""

from django.db import models


class RefresherReminder(models.Model):
    """One refresher reminder: `contact` told, `threshold_days` (one of LEARNING_REMINDER_DAYS)
    before it expires, that `completion` is due for renewal. One row per completion and
    threshold: a second run, a second worker or a second beat never sends it again."""

    completion = models.ForeignKey(
        "learning.Completion", on_delete=models.CASCADE, related_name="refresher_reminders"
    )
    contact = models.ForeignKey(
        "networks.Contact", on_delete=models.CASCADE, related_name="refresher_reminders"
    )
    level = models.PositiveSmallIntegerField()
    completed_on = models.DateField()
    expires_on = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    send = models.ForeignKey(
        "sending.Send", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["completion", "threshold_days"], name="one_reminder_per_threshold"
            )
        ]
        # The engine's merge-field resolver reads a batch's rows by (send, contact).
        indexes = [models.Index(fields=["send", "contact"], name="reminder_send_contact")]

    def __str__(self):
        return f"Level {self.level} · {self.threshold_days} days before {self.expires_on}"


class DueList(models.Model):
    """One organisation's monthly list of its people falling due (or recently expired), sent
    to its Prevent leads. One per organisation and month; `completions` are the lines it
    listed (so erasing a person can find, and blank, every list that named them)."""

    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.CASCADE, related_name="training_due_lists"
    )
    month = models.DateField(help_text="The first day of the month it was sent for.")
    completions = models.ManyToManyField(
        "learning.Completion", blank=True, related_name="due_lists"
    )
    people = models.PositiveIntegerField(default=0, help_text="Lines listed.")
    send = models.ForeignKey(
        "sending.Send", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="one_due_list_a_month")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.month:%B %Y}"
