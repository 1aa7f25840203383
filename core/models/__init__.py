"""Models every app shares. Explicit re-exports: import models from `core.models`."""

from .partnership import FooterLinkBlock, PartnershipSettings

__all__ = ["FooterLinkBlock", "PartnershipSettings"]
