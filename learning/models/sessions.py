"""A training session is an event page (events' invitations, registration, waiting list,
reminders, .ics, check-in and feedback) with the level of the framework it delivers and the
learning package page it belongs to."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel

from events.models import EventPage

from ..levels import Level


class TrainingSessionPage(EventPage):
    """A WRAP workshop, a train-the-trainer course or a briefing (e.g. the employers' briefing).
    Attending it — being checked in — is a completion at its level."""

    level = models.PositiveSmallIntegerField(
        choices=Level.choices, help_text="The level of the framework attending this delivers."
    )
    package = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The learning and development package page that lists this session. Empty: "
        "the package page of the session's level.",
    )
    district = models.ForeignKey(
        "networks.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where it is held. Refresher reminders list a session to the people of its "
        "district; empty (or the county-wide district, or an online session): to everyone.",
    )
    online_link = models.URLField(
        blank=True,
        help_text="For an online session: the joining link, shown to people with a place on "
        "their booking page (never on the public page).",
    )

    content_panels = [
        *EventPage.content_panels[:2],
        MultiFieldPanel(
            [
                FieldPanel("level"),
                PageChooserPanel("package"),
                FieldPanel("district"),
                FieldPanel("online_link"),
            ],
            heading="Learning and development",
        ),
        *EventPage.content_panels[2:],
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "learning/pages/training_session_page.html"

    class Meta:
        verbose_name = "training session"

    @property
    def is_online(self) -> bool:
        return bool(self.online_link)

    def joining_link(self) -> str:
        return self.online_link
