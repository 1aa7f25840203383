"""The dotted codes directory actions log with (registered with Wagtail in wagtail_hooks)."""

LOG_ACTIONS = {
    "networks.subscription.requested": ("Subscription requested", "Asked to subscribe"),
    "networks.subscription.confirmed": ("Subscription confirmed", "Confirmed a subscription"),
    "networks.subscription.preferences_changed": (
        "Preferences changed",
        "Changed their choices in the preference centre",
    ),
    "networks.subscription.unsubscribed": ("Unsubscribed", "Unsubscribed"),
    "networks.address.suppressed": ("Address suppressed", "Address added to suppression list"),
    "networks.address.unsuppressed": (
        "Address unsuppressed",
        "Address removed from the suppression list",
    ),
    "networks.suppression.added": ("Suppression added", "Added to the suppression list"),
    "networks.suppression.removed": ("Suppression removed", "Removed from the suppression list"),
    "networks.segment.saved": ("Segment saved", "Rules and manual rows saved"),
    "networks.contact.added_to_network": ("Added to network", "Added to a network"),
    "networks.contact.added_to_segment": ("Added to segment", "Added to a segment"),
    "networks.contact.tagged": ("Tagged", "Tagged"),
    "networks.contact.archived": ("Archived", "Archived"),
    "networks.contact.merged": ("Merged", "Another contact was merged into this one"),
    "networks.contact.erased": ("Erased", "Erased (anonymised)"),
    "networks.contact.district_requested": (
        "District requested",
        "A district lead asked for this contact to be added to their district",
    ),
    "networks.contact.subject_access_exported": (
        "Subject access export",
        "Everything held was exported (subject access)",
    ),
    "networks.contact.privacy_request_recorded": (
        "Data protection request recorded",
        "A subject-access or erasure request was recorded with the date it arrived",
    ),
    "networks.contact.organisation_linked": (
        "Organisation linked",
        "The organisation they typed was linked to the directory's",
    ),
    "networks.organisation.name_linked": (
        "Typed name linked",
        "A typed organisation name was linked to this organisation",
    ),
    "networks.organisation.created_from_name": (
        "Created from a typed name",
        "Created from a typed organisation name",
    ),
    "networks.segment.members_exported": (
        "Segment members exported",
        "The segment's members were exported as CSV",
    ),
    "networks.contacts.exported": ("Directory exported", "Directory exported as CSV"),
    "networks.contacts.import_checked": ("Import checked", "Import dry run"),
    "networks.contacts.imported": ("Imported", "Contacts imported"),
}
