"""The consent wording shown on the subscribe form and preference centre.

Its version is recorded on every ConsentEvent a person causes, so the history says which words
they agreed to. Change the wording by setting both settings together (a new version string for
every new text): NETWORKS_CONSENT_WORDING and NETWORKS_CONSENT_WORDING_VERSION.
"""

from django.conf import settings

DEFAULT_WORDING = (
    "We will use your name, email address, organisation and districts only to send you the "
    "partnership's emails you choose here. You can change your choices or unsubscribe at any "
    "time from the link in every email, and we keep a record of when you agreed and changed them."
)
DEFAULT_WORDING_VERSION = "2026-01"


def consent_wording() -> str:
    return getattr(settings, "NETWORKS_CONSENT_WORDING", DEFAULT_WORDING)


def consent_wording_version() -> str:
    return getattr(settings, "NETWORKS_CONSENT_WORDING_VERSION", DEFAULT_WORDING_VERSION)
