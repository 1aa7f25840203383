"""Keep caches honest: purge cached pages and the glossary when published content changes."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.glossary import forget_acronyms
from cms.models import Acronym, Material, MaterialAudience, MaterialTopic
from cms.page_cache import purge_page_cache
from core.models import PartnershipSettings


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(**kwargs):
    purge_page_cache()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_page_cache()


@receiver(post_save, sender=Acronym)
@receiver(post_delete, sender=Acronym)
def purge_on_glossary_change(**kwargs):
    forget_acronyms()
    purge_page_cache()


@receiver(post_save, sender=PartnershipSettings)
@receiver(post_save, sender=Material)
@receiver(post_delete, sender=Material)
@receiver(post_save, sender=MaterialAudience)
@receiver(post_save, sender=MaterialTopic)
def purge_on_shared_content_change(**kwargs):
    purge_page_cache()


@receiver(post_migrate)
def purge_on_release(sender, **kwargs):
    # migrate runs once per release: cached pages may name templates or static files it replaced.
    if sender.name == "cms":
        purge_page_cache()
