"""Event pages: the public description of an event and its sessions, each with a capacity."""

import datetime as dt

from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from events.admin_forms import EventPageForm

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(max_length=40, help_text="e.g. 10:00 or 18:30–19:15")
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "time"
        template = "events/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=200, template="events/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    item = AgendaItemBlock()


class EventIndexPage(Page):
    """Lists the upcoming events (the home page's "Events" door)."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    template = "events/pages/event_index_page.html"

    @classmethod
    def allowed_subpage_models(cls):
        """Event pages and every subclass of them (a higher app's training session is an event
        with more fields), without events naming those apps."""
        from wagtail.models import get_page_models

        return [m for m in get_page_models() if issubclass(m, EventPage)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from events.reports import places_by_event

        upcoming = list(
            EventPage.objects.live()
            .child_of(self)
            .filter(end_at__gte=timezone.now())
            .order_by("start_at")
        )
        places = places_by_event(event.pk for event in upcoming)
        context["upcoming"] = [(event, places.get(event.pk, [])) for event in upcoming]
        return context


class EventPage(RoutablePageMixin, Page):
    """One event. Sessions (inline) carry the capacities; RSVPs are `Invitation` rows.
    An open event (not `invited_only`) has a registration form at `register/`."""

    start_at = models.DateTimeField("starts")
    end_at = models.DateTimeField("ends")
    summary = models.TextField(blank=True, help_text="One or two sentences for the list.")
    venue = models.CharField(max_length=200)
    venue_address = models.TextField(blank=True)
    accessibility = models.TextField(
        "accessibility information",
        blank=True,
        help_text="Step-free access, hearing loop, accessible toilets, parking, quiet room…",
    )
    agenda = StreamField(AgendaBlock(), blank=True, use_json_field=True)
    rsvp_deadline = models.DateTimeField(
        "answer by", help_text="After this, answers cannot be changed (declining still works)."
    )
    ask_dietary = models.BooleanField("ask about dietary needs", default=True)
    ask_access = models.BooleanField("ask about access needs", default=True)
    ask_free_text = models.BooleanField("ask a question of your own", default=False)
    free_text_question = models.CharField(max_length=200, blank=True)
    invited_only = models.BooleanField(
        "invited people only",
        default=True,
        help_text="Untick to let anyone register from the event page.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("start_at"), FieldPanel("end_at")], heading="When"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("venue_address"), FieldPanel("accessibility")],
            heading="Where",
        ),
        FieldPanel("agenda"),
        InlinePanel("sessions", heading="Sessions", label="Session", min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("rsvp_deadline"),
                FieldPanel("invited_only"),
                FieldPanel("ask_dietary"),
                FieldPanel("ask_access"),
                FieldPanel("ask_free_text"),
                FieldPanel("free_text_question"),
            ],
            heading="Answers",
        ),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "events/pages/event_page.html"
    base_form_class = EventPageForm

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.rsvp_deadline

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.start_at

    @property
    def registration_open(self) -> bool:
        """Anyone may register from the event page: an open event, before its deadline."""
        return self.live and not self.invited_only and not self.deadline_passed

    def check_in_days(self) -> tuple[dt.date, dt.date]:
        """The first and last day (London dates, both included) people can be checked in: from
        the first session's start to the last session's end (the event's own times when it has
        no sessions)."""
        span = Session.objects.filter(event=self).aggregate(
            first=Min("start_at"), last=Max("end_at")
        )
        london = timezone.get_default_timezone()
        first = timezone.localdate(span["first"] or self.start_at, london)
        last = timezone.localdate(span["last"] or self.end_at, london)
        return first, last

    def joining_link(self) -> str:
        """Where people with a confirmed place join an online event, shown only on their own
        booking page; none here (a subclass, such as learning's training session, may hold one)."""
        return ""

    def get_context(self, request, *args, **kwargs):
        from events.reports import places_left

        context = super().get_context(request, *args, **kwargs)
        context["places"] = places_left(self)  # a full session says so
        return context

    def get_registration_url(self, request=None) -> str:
        return self.get_url(request) + "register/"

    @path("register/")
    def register(self, request):
        from events.views.public import register

        return register(request, self)


class Session(Orderable):
    """A part of an event people choose to attend (e.g. the day or the evening session)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(max_length=100)
    start_at = models.DateTimeField("starts")
    end_at = models.DateTimeField("ends")
    capacity = models.PositiveIntegerField(help_text="Places; further acceptances wait.")

    panels = [
        FieldPanel("name"),
        FieldPanel("start_at"),
        FieldPanel("end_at"),
        FieldPanel("capacity"),
    ]

    def __str__(self):
        return self.name
