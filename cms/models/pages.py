"""The hub's page types: home, content, section index, report a concern, learning packages and the
public partner list. Materials and the glossary live in their own modules."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import Pathway, QuickLinkBlock, content_blocks
from learning.levels import Level


class HubPageMixin:
    """What every hub page offers its templates: a description for search engines and sharing."""

    description_fields = ("summary", "intro")
    # Wagtail's privacy dialog offers groups only: "Partners" is the partners-only restriction
    # (networks.partner_pages); "any signed-in user" would let a password alone in.
    private_page_options = ["groups"]

    def meta_description(self) -> str:
        """The page's search description, else its summary or intro as plain text (≤ 200 chars)."""
        if self.search_description:
            return self.search_description
        for name in self.description_fields:
            value = getattr(self, name, "")
            if value:
                return Truncator(strip_tags(str(value)).strip()).chars(200)
        return ""


class HomePage(HubPageMixin, Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True)
    body = StreamField(content_blocks(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("quick_links"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        """The Events door lists the next training sessions under it."""
        from events.models import EventIndexPage
        from learning.sessions import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        events = EventIndexPage.objects.child_of(self).live().first()
        context["events_door_page_id"] = events.pk if events else None
        context["upcoming_sessions"] = upcoming_sessions(limit=4) if events else []
        return context


class ContentPage(HubPageMixin, Page):
    """A standard page of the hub: a summary and a body of rich text, callouts, questions and
    answers, document links, videos and contact cards."""

    summary = models.CharField(max_length=255, blank=True)
    body = StreamField(content_blocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]


class SectionIndexPage(HubPageMixin, Page):
    """A section of the hub (e.g. Learning and development) listing the pages under it."""

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)
    body = StreamField(content_blocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class ReportConcernPage(HubPageMixin, Page):
    """ "How to report a concern": one pathway per kind of concern, each linking to where the
    partnership's settings say that concern goes. The site never records a referral itself."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    pathways = StreamField([("pathway", Pathway())], blank=True)
    body = StreamField(content_blocks(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("pathways"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("pathways"),
        index.SearchField("body"),
    ]

    def pathway_contents(self) -> list[dict]:
        """Anchor and heading of each pathway, for the "What is your concern?" contents list."""
        kinds = dict(Pathway.KINDS)
        return [
            {
                "anchor": f"pathway-{b.value['kind']}",
                "heading": b.value["heading"] or kinds[b.value["kind"]],
            }
            for b in self.pathways
        ]


class LearningPackagePage(HubPageMixin, Page):
    """A Prevent learning and development package at one level of the competency framework."""

    Level = Level  # the framework's levels, shared with training sessions and completions

    class Format(models.TextChoices):
        E_LEARNING = "e_learning", "E-learning (online, at your own pace)"
        FACE_TO_FACE = "face_to_face", "Face-to-face workshop"
        LIVE_ONLINE = "live_online", "Live online session"
        BLENDED = "blended", "Blended (online and face-to-face)"

    level = models.PositiveSmallIntegerField(choices=Level.choices)
    summary = models.CharField(max_length=255, blank=True)
    audience = models.TextField("who should take it")
    duration = models.CharField(max_length=100, help_text="e.g. 45 minutes, half a day.")
    delivery_format = models.CharField("format", max_length=20, choices=Format.choices)
    how_to_book = RichTextField(features=["bold", "italic", "link", "ul", "ol"])
    booking_url = models.URLField(blank=True, help_text="Booking page or the e-learning itself.")
    body = StreamField(content_blocks(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("audience"),
                FieldPanel("duration"),
                FieldPanel("delivery_format"),
            ],
            heading="The package",
        ),
        MultiFieldPanel(
            [FieldPanel("how_to_book"), FieldPanel("booking_url")], heading="How to book"
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("body"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = "learning and development package"

    def who_should_take_it(self) -> list[str]:
        """The competency framework's audiences for this level; the page's own text when the
        framework names none."""
        from learning.framework import who_should_take

        return who_should_take(self.level) or [self.audience]

    def get_context(self, request, *args, **kwargs):
        from learning.sessions import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_sessions"] = upcoming_sessions(package=self)
        return context


class PartnerListPage(HubPageMixin, Page):
    """The partnership's organisations and public networks by district: names only, never a
    contact (the directory's personal data stays behind the admin)."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from cms.partners import partners_by_district

        context = super().get_context(request, *args, **kwargs)
        context["districts"] = partners_by_district()
        return context
