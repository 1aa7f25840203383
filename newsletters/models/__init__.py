"""Newsletter models. Explicit re-exports: import them from `newsletters.models`.

Authoring (Wagtail pages) lives in `pages.py`; what a send leaves behind (Send, Delivery, tracking)
is the sending engine's, in `sending.models`.
"""

from .pages import NewsletterIndexPage, NewsletterPage

__all__ = [
    "NewsletterIndexPage",
    "NewsletterPage",
]
