"""Sending-engine models. Explicit re-exports: import them from `newsletters.models`.

(Authoring models — the newsletter pages — live in `newsletters.pages`.)
"""

from .sends import Delivery, Send, SendKind, SendState
from .tracking import TrackingEvent

__all__ = ["Delivery", "Send", "SendKind", "SendState", "TrackingEvent"]
