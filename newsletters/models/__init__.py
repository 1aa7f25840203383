"""Newsletter models. Explicit re-exports: import them from `newsletters.models`.

Authoring (Wagtail pages) lives in `pages.py`; the sending engine's records in `sends.py` and
`tracking.py`.
"""

from .pages import NewsletterIndexPage, NewsletterPage
from .sends import Delivery, Send, SendKind, SendState
from .tracking import PERSONAL_LINK_LABEL, LinkClick, TrackingEvent

__all__ = [
    "PERSONAL_LINK_LABEL",
    "Delivery",
    "LinkClick",
    "NewsletterIndexPage",
    "NewsletterPage",
    "Send",
    "SendKind",
    "SendState",
    "TrackingEvent",
]
