"""Newsletter models. Explicit re-exports: import them from `newsletters.models`.

Authoring (Wagtail pages) lives in `pages.py`; the sending engine's records in `sends.py` and
`tracking.py`.
"""

from .pages import NewsletterIndexPage, NewsletterPage
from .sends import Delivery, Send, SendKind, SendState
from .tracking import TrackingEvent

__all__ = [
    "Delivery",
    "NewsletterIndexPage",
    "NewsletterPage",
    "Send",
    "SendKind",
    "SendState",
    "TrackingEvent",
]
