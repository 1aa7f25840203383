from .pages import NewsletterIndexPage, NewsletterPage

__all__ = ["NewsletterIndexPage", "NewsletterPage"]
