"""What a confirmation link would change for a contact: read-only, shown on the confirmation
email and page so that someone already subscribed sees what is added, not a blank "subscribe"."""

from dataclasses import dataclass, field

from ..models import Contact, District, Subscription, Topic


@dataclass
class SubscriptionChanges:
    """Labels, in display order. `already_subscribed` is True when the contact receives at
    least one kind of email today (they are then never told "you will not hear from us")."""

    already_subscribed: bool = False
    current_topics: list[str] = field(default_factory=list)
    current_districts: list[str] = field(default_factory=list)
    added_topics: list[str] = field(default_factory=list)
    added_districts: list[str] = field(default_factory=list)
    asked_topics: list[str] = field(default_factory=list)
    asked_districts: list[str] = field(default_factory=list)

    @property
    def all_topics(self) -> list[str]:
        """Every kind of email they receive once the link is confirmed."""
        return [
            label for label in _topic_labels() if label in self.current_topics + self.added_topics
        ]

    @property
    def all_districts(self) -> list[str]:
        return sorted(set(self.current_districts) | set(self.added_districts))

    @property
    def changes_anything(self) -> bool:
        return bool(self.added_topics or self.added_districts)


def _topic_labels() -> list[str]:
    return [label for _value, label in Topic.choices]


def subscription_changes(contact: Contact, topics, district_ids) -> SubscriptionChanges:
    """What following a confirmation link asking for `topics` and `district_ids` would add to
    what `contact` has now."""
    subscribed = set(
        contact.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).values_list(
            "topic", flat=True
        )
    )
    asked = set(topics or ())
    current_districts = set(contact.districts.values_list("pk", flat=True))
    asked_districts = dict(
        District.objects.filter(pk__in=list(district_ids or ())).values_list("pk", "name")
    )
    names = dict(District.objects.filter(pk__in=current_districts).values_list("pk", "name"))
    return SubscriptionChanges(
        already_subscribed=bool(subscribed),
        current_topics=[label for value, label in Topic.choices if value in subscribed],
        current_districts=sorted(names.values()),
        added_topics=[
            label for value, label in Topic.choices if value in asked and value not in subscribed
        ],
        added_districts=sorted(
            name for pk, name in asked_districts.items() if pk not in current_districts
        ),
        asked_topics=[label for value, label in Topic.choices if value in asked],
        asked_districts=sorted(asked_districts.values()),
    )
