"""What accounts keep: invitations to a staff role and the one-time links of a password reset.

Neither carries a readable id in its link: the link holds a random token (`secrets`, 256 bits)
and the row keeps only its SHA-256, so the database alone cannot open a link either. Every link
expires and is used once (`used_at`)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import roles


def new_token() -> tuple[str, str]:
    """A fresh (token, digest): the token goes in the link, the digest in the row."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


class Invitation(models.Model):
    """A coordinator's invitation of one person, by email, to one role. Accepting it creates the
    account with that role; it can be resent (a new link, the old one stops working) or
    cancelled until then."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Cancelled"

    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, choices=roles.CHOICES)
    districts = models.ManyToManyField("networks.District", blank=True, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    token_digest = models.CharField(max_length=64, unique=True)
    # The invite form's key (core.idempotency): a second POST of one form finds this row.
    idempotency_key = models.CharField(max_length=32, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_invitations",
    )
    # The engine's Delivery row of the last email of this invitation (shown on the screen): an id,
    # not a foreign key, so the engine's models can move between apps without touching this.
    last_delivery_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address: a second invite of the same person is refused
            # (resend the first instead).
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=models.Q(state="pending"),
                name="accounts_one_pending_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def role_label(self) -> str:
        return roles.BY_KEY[self.role].label

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at


class AccountToken(models.Model):
    """A one-time link that lets the holder of an account's address set a new password."""

    class Purpose(models.TextChoices):
        PASSWORD_RESET = "password_reset", "Password reset"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} for user {self.user_id}"
