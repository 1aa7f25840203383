"""A lean site for the merge-field tests (home, archive, partnership settings; no demo seed),
shared by tests/newsletters/test_merge_fields.py and tests/browser/test_merge_fields.py."""

from wagtail.models import Page, Site, Workflow

from core.models import PartnershipSettings
from core.sites import sync_default_site
from newsletters.models import NewsletterIndexPage
from tests.support.migrated import root_page


def build_archive() -> NewsletterIndexPage:
    """The default Site (in step with SITE_URL) with a home page, the partnership's settings and
    a published newsletter archive under it. Wagtail's default moderation is switched off: the
    approval workflow has its own tests."""
    root = root_page()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        home = Page(title="Home", slug="home")
        root.add_child(instance=home)
        site = Site.objects.create(hostname="x", root_page=home, is_default_site=True)
    sync_default_site()
    Workflow.objects.update(active=False)
    PartnershipSettings.objects.update_or_create(
        site=site,
        defaults={"name": "Shire Prevent Partnership", "contact_email": "prevent@shire.example"},
    )
    archive = NewsletterIndexPage(title="Newsletters", slug="newsletters")
    site.root_page.add_child(instance=archive)
    archive.save_revision().publish()
    return archive
