"""Wagtail page types and site settings of the information hub."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_setting(icon="site")
class PartnershipSettings(BaseSiteSetting):
    """Who the partnership is and where people are sent for help: data, not code, so another
    partnership can run the same software."""

    name = models.CharField(max_length=200, default="Prevent Partnership")
    short_name = models.CharField(max_length=60, blank=True)
    area_name = models.CharField(
        max_length=100, blank=True, help_text="The county or area the partnership covers."
    )
    strapline = models.CharField(max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    brand_colour = models.CharField(
        max_length=7,
        default="#1d4f76",
        help_text="Hex colour for the header; keep contrast with white text at least 4.5:1.",
    )
    contact_email = models.EmailField(blank=True)
    contact_address = models.TextField(blank=True)
    emergency_guidance = models.CharField(
        max_length=255,
        default="If someone is in immediate danger, call 999.",
    )
    safeguarding_referral_url = models.URLField(
        blank=True, help_text="Where a concern about one individual should be referred."
    )
    online_material_report_url = models.URLField(
        default="https://www.gov.uk/report-terrorism",
        help_text="National page for reporting online terrorist material.",
    )
    police_non_emergency = models.CharField(max_length=100, default="Call 101")
    anti_terrorist_hotline = models.CharField(
        max_length=100, default="Anti-Terrorist Hotline: 0800 789 321"
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("area_name"),
                FieldPanel("strapline"),
                FieldPanel("logo"),
                FieldPanel("brand_colour"),
            ],
            heading="Branding",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")], heading="Contact"
        ),
        MultiFieldPanel(
            [
                FieldPanel("emergency_guidance"),
                FieldPanel("safeguarding_referral_url"),
                FieldPanel("online_material_report_url"),
                FieldPanel("police_non_emergency"),
                FieldPanel("anti_terrorist_hotline"),
            ],
            heading="Emergency and reporting links",
        ),
    ]

    class Meta:
        verbose_name = "partnership"

    def __str__(self):
        return self.name


@register_snippet
class Acronym(index.Indexed, models.Model):
    """An entry of the glossary (seeded from the action plan's Appendix B)."""

    term = models.CharField(max_length=40, unique=True)
    expansion = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    search_fields = [index.SearchField("term"), index.SearchField("expansion")]
    panels = [FieldPanel("term"), FieldPanel("expansion"), FieldPanel("description")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} — {self.expansion}"


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    description = blocks.CharBlock(required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"
        template = "cms/blocks/quick_link.html"


class HomePage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
        ],
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("quick_links"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1


class ContentPage(Page):
    """A standard page of the hub. Issue #7 grows its blocks (callouts, accordions, documents…)."""

    summary = models.CharField(max_length=255, blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]


class WorkerHeartbeat(models.Model):
    """Last time each Celery worker answered a ping: lets the coordinator see the queue is alive."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()
    token = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
