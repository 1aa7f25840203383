"""The contact directory. Explicit re-exports: import models from `networks.models`."""

from .access import DirectoryScope
from .contacts import ConsentEvent, Contact, Role, Subscription, Suppression, Topic
from .imports import ContactImport, CsvImport
from .networks import Network, NetworkMembership
from .privacy import PrivacyRequest
from .reference import District, Organisation, OrganisationAlias, Sector
from .requests import SubscriptionRequest
from .segments import Segment, SegmentMember

__all__ = [
    "ConsentEvent",
    "Contact",
    "ContactImport",
    "CsvImport",
    "DirectoryScope",
    "District",
    "Network",
    "NetworkMembership",
    "Organisation",
    "OrganisationAlias",
    "PrivacyRequest",
    "Role",
    "Sector",
    "Segment",
    "SegmentMember",
    "Subscription",
    "SubscriptionRequest",
    "Suppression",
    "Topic",
]
