"""Certificates of completion and the impact follow-up three months after a session. Partner
data: reached by their holder through a personal link, erasable with the person; the verify
page says of a certificate only what its holder shows anyone (`learning.certificates`)."""

from django.db import models
from django.db.models import Q

from ..levels import Level


class Certificate(models.Model):
    """The certificate of one completion of a directory contact: a short code that the public
    verify page confirms, a PDF made when it is downloaded, and one email with the link.

    `issued_for` is what it certifies, unique, so the database issues it (and emails it) once:
    `booking:<id>` for a check-in (undone and made again, the same certificate comes back) and
    `completion:<id>` for an imported completion. A completion removed or erased leaves the row
    without a person: its code then confirms nothing and its link opens nothing."""

    class Email(models.TextChoices):
        DUE = "due", "To be emailed"
        SENT = "sent", "Emailed"
        NOT_SENT = "not_sent", "Not emailed"

    completion = models.OneToOneField(
        "learning.Completion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
    )
    issued_for = models.CharField(max_length=40, unique=True, editable=False)
    code = models.CharField(max_length=10, unique=True, editable=False)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.DUE)
    email_note = models.CharField(max_length=200, blank=True)
    delivery = models.ForeignKey(
        "sending.Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [
            # The beat sweep's question: which certificates still owe their email.
            models.Index(fields=["issued_at"], condition=Q(email="due"), name="certificate_due")
        ]

    def __str__(self):
        return f"Certificate {self.pk}"


class FollowUp(models.Model):
    """The short questionnaire sent three months after a training session to one person who
    was checked in at it: one per person per session (the database says so), answered once
    through a personal link. Counted only in aggregate (`learning.impact`)."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "Not sure"

    session = models.ForeignKey(
        "learning.TrainingSessionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    contact = models.ForeignKey(
        "networks.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_follow_ups",
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    delivery = models.ForeignKey(
        "sending.Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    used_it = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    more_confident = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    sought_advice = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "contact"], name="one_follow_up_per_person_per_session"
            )
        ]
        indexes = [models.Index(fields=["answered_at"], name="follow_up_answered")]

    def __str__(self):
        return f"Follow-up {self.pk}"
