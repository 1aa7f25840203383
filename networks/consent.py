"""The consent wording shown on the subscribe form and preference centre.

Its version is recorded on every ConsentEvent a person causes, so the history says which words
they agreed to. Change the wording by setting both settings together (a new version string for
every new text): NETWORKS_CONSENT_WORDING and NETWORKS_CONSENT_WORDING_VERSION.
"""

from django.conf import settings


def consent_wording() -> str:
    return settings.NETWORKS_CONSENT_WORDING


def consent_wording_version() -> str:
    return settings.NETWORKS_CONSENT_WORDING_VERSION
