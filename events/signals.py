"""A published event may have more room than before: offer it to the waiting lists."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage


@receiver(page_published, sender=EventPage)
def offer_places_after_publish(sender, instance, **kwargs):
    from .actions import offer_free_places

    offer_free_places(instance)
