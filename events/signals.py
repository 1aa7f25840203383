"""A published event may have more room than before: offer it to the waiting lists.

`attendance_changed` is sent (inside the check-in transaction) whenever a coordinator marks a
booking attended or undoes it, with `booking` and `attended` (and `user`). Apps above events
(learning records a completion) listen to it; events itself never imports them.
"""

from django.dispatch import Signal, receiver
from wagtail.signals import page_published

from .models import EventPage

attendance_changed = Signal()


@receiver(page_published)
def offer_places_after_publish(sender, instance, **kwargs):
    # Any event page, training sessions (subclasses of EventPage) included.
    if not isinstance(instance, EventPage):
        return
    from .actions import offer_free_places

    offer_free_places(instance)
