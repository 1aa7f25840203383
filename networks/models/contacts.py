from django.db import models
from django.db.models.functions import Lower
from taggit.managers import TaggableManager

from .reference import District, Organisation


def normalise_email(address: str) -> str:
    """The one form an address is stored and compared in: trimmed and lower-cased."""
    return (address or "").strip().lower()


class Role(models.Model):
    """What a contact does for the partnership (Prevent lead, DSL, network member, …)."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.TextChoices):
    NEWSLETTER = "newsletter", "Quarterly newsletter"
    UPDATES = "updates", "Ad-hoc updates and alerts for my districts"
    EVENTS = "events", "Event invitations"


class ContactQuerySet(models.QuerySet):
    def mailable(self):
        """Contacts that may receive any email at all: active, not erased, not suppressed."""
        return self.filter(is_active=True, erased_at__isnull=True).exclude(
            email__in=Suppression.objects.values("email")
        )

    def partners(self):
        """Contacts the partnership counts as partners today: their organisation is a partner, or
        they are a current member (no start in the future, no end in the past) of a partner
        network. Says nothing about whether they may be mailed (`mailable`)."""
        from django.utils import timezone

        from .networks import NetworkMembership

        today = timezone.localdate()
        current = NetworkMembership.objects.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=today),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=today),
            contact=models.OuterRef("pk"),
            network__is_partner=True,
        )
        return self.filter(models.Q(organisation__is_partner=True) | models.Exists(current))

    def subscribed_to(self, topic: str):
        return self.filter(
            subscriptions__topic=topic, subscriptions__status=Subscription.Status.SUBSCRIBED
        )


class Contact(models.Model):
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, unique=True, help_text="Stored lower-case.")
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    organisation_name = models.CharField(
        "organisation (as given)",
        max_length=200,
        blank=True,
        help_text="What the person typed on the subscribe form or the import, until it is linked "
        "to an organisation of the directory.",
    )
    districts = models.ManyToManyField(District, blank=True, related_name="contacts")
    roles = models.ManyToManyField(Role, blank=True, related_name="contacts")
    tags = TaggableManager(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True, help_text="Untick to archive.")
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="contact_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Subscription(models.Model):
    """A contact's current state for one topic. Every change is also a ConsentEvent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subscriptions")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "topic"], name="one_subscription_per_topic")
        ]
        indexes = [models.Index(fields=["topic", "status"])]

    def __str__(self):
        return f"{self.contact} · {self.get_topic_display()} · {self.get_status_display()}"


class ConsentEvent(models.Model):
    """Append-only history of consent: who agreed to what, when, how and to which wording."""

    class Source(models.TextChoices):
        WEB_FORM = "web_form", "Web form"
        IMPORT = "import", "Import"
        ADMIN = "admin", "Admin"
        UNSUBSCRIBE_LINK = "unsubscribe_link", "Unsubscribe link"
        PREFERENCE_CENTRE = "preference_centre", "Preference centre"
        BOUNCE = "bounce", "Bounce"
        COMPLAINT = "complaint", "Complaint"
        ERASURE = "erasure", "Erasure"
        MERGE = "merge", "Merge"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consent_events")
    topic = models.CharField(max_length=20, choices=Topic.choices, blank=True)
    action = models.CharField(max_length=40, help_text="e.g. subscribed, unsubscribed, suppressed")
    source = models.CharField(max_length=30, choices=Source.choices)
    wording_version = models.CharField(max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The board's unsubscribes attributed to sends: only those made with a link, by date
            # (a few among the subscriptions a year brings).
            models.Index(
                fields=["at"],
                condition=models.Q(action="unsubscribed", source="unsubscribe_link"),
                name="consent_link_unsubscribes",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.topic} ({self.source})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent history is append-only.")
        super().save(*args, **kwargs)


class Suppression(models.Model):
    """An address that must never be mailed again (hard bounce, complaint, erasure, by hand), or
    that is paused after repeated soft bounces until a coordinator removes it from the list."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        SOFT_BOUNCES = "soft_bounces", "Paused: repeated soft bounces"
        COMPLAINT = "complaint", "Spam complaint"
        ERASED = "erased", "Contact erased"
        MANUAL = "manual", "Added by hand"

    email = models.CharField(max_length=254, unique=True, help_text="Normalised (lower-case).")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)
