"""Every change of state of the directory. Views, admin and other apps call these; each runs in a
transaction and leaves a trace (a ConsentEvent and/or a Wagtail log entry with a dotted code)."""

from .changes import SubscriptionChanges, subscription_changes
from .directory import (
    add_contacts_to_network,
    add_contacts_to_segment,
    archive_contacts,
    merge_contacts,
    tag_contacts,
)
from .imports import import_contacts, start_contact_import
from .organisations import (
    OrganisationNameRefused,
    create_organisation_from_name,
    link_organisation_name,
)
from .privacy import erase_contact, export_subject_access, record_privacy_request
from .requests import request_district_addition
from .segments import save_segment
from .subscriptions import (
    confirm_subscription,
    request_subscription,
    suppress_address,
    unsubscribe_contact,
    unsuppress_address,
    update_preferences,
)

__all__ = [
    "SubscriptionChanges",
    "add_contacts_to_network",
    "add_contacts_to_segment",
    "archive_contacts",
    "OrganisationNameRefused",
    "confirm_subscription",
    "create_organisation_from_name",
    "erase_contact",
    "export_subject_access",
    "import_contacts",
    "link_organisation_name",
    "merge_contacts",
    "record_privacy_request",
    "request_district_addition",
    "request_subscription",
    "save_segment",
    "start_contact_import",
    "subscription_changes",
    "suppress_address",
    "tag_contacts",
    "unsubscribe_contact",
    "unsuppress_address",
    "update_preferences",
]
