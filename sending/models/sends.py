"""A send (one message to a frozen audience) and its delivery rows (one per recipient)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SendState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    PAUSED = "paused", "Paused"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class SendKind(models.TextChoices):
    NEWSLETTER = "newsletter", "Quarterly newsletter"
    UPDATE = "update", "Ad-hoc update"
    INVITATION = "invitation", "Invitation"
    ALERT = "alert", "Alert"
    NOTIFICATION = "notification", "Notification (a service message)"
    RETURN = "return", "Partner return"


# The kinds a person gets at most once per page, whatever sends, segments or forms it goes by.
ONCE_PER_PERSON = (SendKind.NEWSLETTER, SendKind.UPDATE, SendKind.ALERT)
# The kinds a coordinator may deliberately send again to people it already reached, with a
# reason (`sending.engine.resend`). An invitation is once per person by its own table
# (events' unique invitation per event and contact), so it has no content key until re-sent.
RESENDABLE = (*ONCE_PER_PERSON, SendKind.INVITATION)
# Subscription messages: the person opted into their topic (Send.topic) and may leave it from
# the email (List-Unsubscribe, RFC 8058 one-click, for that topic only). Every other kind is a
# service message (a return request or chase, a confirmation, a receipt, a notification): it
# carries no bulk unsubscribe, so nothing done from it stops another kind of email.
SUBSCRIPTION_KINDS = (SendKind.NEWSLETTER, SendKind.UPDATE, SendKind.ALERT, SendKind.INVITATION)


class Send(models.Model):
    """One rendered message to an audience. Subject, bodies and headers are frozen at creation
    (with `{{ field }}` merge fields still in them); the audience is frozen into Delivery rows
    when the send starts. Change its state only through `sending.engine` actions."""

    state = models.CharField(
        max_length=20, choices=SendState.choices, default=SendState.DRAFT, db_index=True
    )
    kind = models.CharField(max_length=20, choices=SendKind.choices, default=SendKind.NEWSLETTER)
    topic = models.CharField(max_length=20, help_text="The networks.Topic the audience opted into.")
    subject = models.CharField(max_length=255)
    html = models.TextField(blank=True)
    text = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Files sent with every copy (engine.Attachment JSON)."
    )
    view_in_browser_url = models.URLField(max_length=500, blank=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_ref = models.CharField(
        max_length=100, blank=True, help_text="What caused a one-off message, e.g. events.rsvp:12."
    )
    segments = models.ManyToManyField("networks.Segment", blank=True, related_name="sends")
    exclude_segments = models.ManyToManyField(
        "networks.Segment", blank=True, related_name="excluded_from_sends"
    )
    districts = models.ManyToManyField(
        "networks.District",
        blank=True,
        related_name="+",
        help_text="When set, only contacts in one of these districts get it (an alert's area).",
    )
    idempotency_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="The key of the confirm form that asked for this send: a second request "
        "with the same key is refused by the database and answered with this send.",
    )
    resend_generation = models.PositiveSmallIntegerField(
        default=0,
        help_text="0 for a send; n for the n-th deliberate re-send of its page to people it "
        "already reached (its own content key, so each re-send reaches a person once).",
    )
    resend_reason = models.TextField(
        blank=True, help_text="Why the coordinator sent it again (a re-send only)."
    )
    recipient_count = models.PositiveIntegerField(default=0)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="Last time a worker finished a batch of this send."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # The table it had as a newsletters model: moving the model moved no row.
        db_table = "newsletters_send"
        ordering = ["-created_at", "-id"]
        permissions = [("can_send_newsletters", "Can send newsletters")]
        indexes = [models.Index(fields=["state", "scheduled_at"])]

    def __str__(self):
        return f"{self.subject} ({self.get_state_display()})"

    @property
    def is_subscription(self) -> bool:
        return self.kind in SUBSCRIPTION_KINDS and bool(self.topic)

    @property
    def topic_label(self) -> str:
        from networks.models import Topic

        return Topic(self.topic).label if self.topic in Topic.values else self.topic

    @property
    def unsubscribe_topic(self) -> str:
        """The topic its unsubscribe link and header stop ("" for a service message: none)."""
        return self.topic if self.is_subscription else ""

    @property
    def is_resend(self) -> bool:
        return self.resend_generation > 0

    @property
    def content_key(self) -> str:
        """What a person gets at most once across every send (`Delivery.content_key`): a
        newsletter issue or an alert, by its page; the n-th deliberate re-send of an issue, an
        alert or an invitation, by its page and n (`page:12:resend:1`), so a re-send adds one
        copy per person and two re-sends of the same generation add one between them. Other
        sends carry none ("")."""
        if not self.source_page_id:
            return ""
        if self.resend_generation and self.kind in RESENDABLE:
            return f"page:{self.source_page_id}:resend:{self.resend_generation}"
        if self.kind in ONCE_PER_PERSON:
            return f"page:{self.source_page_id}"
        return ""


class Delivery(models.Model):
    """One recipient of one send. The unique (send, contact) and (send, email) constraints are
    what make "exactly once" checkable: a row is sent at most once unless a coordinator
    deliberately resends an uncertain one."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"
        UNCERTAIN = "uncertain", "Uncertain (worker stopped while sending)"
        CANCELLED = "cancelled", "Not sent (send cancelled)"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey(
        "networks.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    email = models.CharField(max_length=254, help_text="The address at the time of sending.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    content_key = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="The send's `content_key` (a newsletter issue or an alert, or a re-send of "
        "one or of an invitation): with the address, unique across every send, so a person "
        "gets it once.",
    )

    class Meta:
        db_table = "newsletters_delivery"
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["send", "contact"], name="one_delivery_per_contact"),
            models.UniqueConstraint(fields=["send", "email"], name="one_delivery_per_address"),
            # Two sends of one issue (overlapping segments, two confirm forms at once): the
            # database keeps one copy per person, whichever send froze its audience first.
            models.UniqueConstraint(
                fields=["content_key", "email"],
                condition=~Q(content_key=""),
                name="one_copy_per_content",
            ),
        ]
        indexes = [
            models.Index(fields=["send", "state"], name="delivery_send_state"),
            # Only the rows a dead worker may have left behind are scanned by recovery.
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="delivery_sending_claims",
            ),
            # The daily limit counts the messages of the last 24 hours before every claim.
            models.Index(
                fields=["sent_at"],
                condition=Q(sent_at__isnull=False),
                name="delivery_sent_at",
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_state_display()}"
