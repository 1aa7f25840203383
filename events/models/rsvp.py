"""Invitations, bookings per session, reminders sent and feedback received (partner data)."""

import secrets

from django.db import models
from django.db.models import Q


def new_nonce() -> str:
    return secrets.token_urlsafe(9)


class Invitation(models.Model):
    """One contact invited to one event. The nonce travels in the signed RSVP link; replacing it
    cancels every link sent before. Change it only through `events.actions`."""

    class State(models.TextChoices):
        NO_ANSWER = "no_answer", "No answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.ForeignKey(
        "networks.Contact", on_delete=models.CASCADE, related_name="event_invitations"
    )
    nonce = models.CharField(max_length=20, default=new_nonce)
    self_registered = models.BooleanField(
        "registered themselves",
        default=False,
        help_text="Registered from the event page (an open event) rather than invited.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.NO_ANSWER)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    dietary = models.CharField("dietary needs", max_length=300, blank=True)
    access_needs = models.CharField("access needs", max_length=300, blank=True)
    free_text = models.TextField(blank=True)

    class Meta:
        ordering = ["contact__last_name", "contact__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "contact"], name="one_invitation_per_contact")
        ]
        permissions = [("manage_events", "Can manage events (invite, lists, check-in)")]

    def __str__(self):
        return f"{self.contact} · {self.get_state_display()}"


class Booking(models.Model):
    """An invitee's place (or place in the queue) in one session. Confirmed and offered bookings
    count against the session's capacity; waiting ones queue in `created_at` order."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "Waiting list"
        OFFERED = "offered", "Place offered"
        CANCELLED = "cancelled", "Cancelled"

    HOLDING = (State.CONFIRMED, State.OFFERED)

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="bookings")
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="bookings")
    state = models.CharField(max_length=20, choices=State.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Joined the waiting list.")
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    ics_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "session"], name="one_booking_per_session"
            )
        ]
        indexes = [
            models.Index(fields=["session", "state"]),
            models.Index(
                fields=["offer_expires_at"], condition=Q(state="offered"), name="open_offers"
            ),
        ]

    def __str__(self):
        return f"{self.invitation.contact} · {self.session} · {self.get_state_display()}"


class Reminder(models.Model):
    """A reminder, chase or feedback request sent (one row per invitation, kind and offset), so
    running the beat task again never sends twice."""

    class Kind(models.TextChoices):
        ATTENDEE = "attendee", "Reminder to attendees"
        CHASE = "chase", "Chase for an answer"
        FEEDBACK = "feedback", "Feedback request"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    offset_days = models.IntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "offset_days"], name="one_reminder_per_offset"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.offset_days} days) · {self.invitation_id}"


class EventFeedback(models.Model):
    """The short form sent after the event to those who attended (one answer per invitation)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(
        choices=[
            (5, "Very useful"),
            (4, "Useful"),
            (3, "Neither"),
            (2, "Not very"),
            (1, "Not at all"),
        ]
    )
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Feedback {self.usefulness}/5 · {self.invitation_id}"
