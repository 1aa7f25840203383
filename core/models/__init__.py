"""Models every app shares. Explicit re-exports: import models from `core.models`."""

from .background import Heartbeat, PendingTask, RateLimitCounter
from .partnership import FooterLinkBlock, PartnershipSettings

__all__ = ["FooterLinkBlock", "Heartbeat", "PartnershipSettings", "PendingTask", "RateLimitCounter"]
