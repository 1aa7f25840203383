"""The partnership's site settings: branding, contact, emergency and reporting links, footer,
and the small-number rule of its reports.

Read them through `core.partnership.partnership()`, not through the model's class methods."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core.blocks import LinkTargetBlock


class FooterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    page = blocks.PageChooserBlock(required=False)
    url = LinkTargetBlock(required=False)

    class Meta:
        icon = "link"


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
    community_tension_report_url = models.CharField(
        max_length=255,
        blank=True,
        default="/report/",
        help_text="Where community tension is reported: a path on this site (e.g. /report/) "
        "or a full address.",
    )
    alerts_need_approval = models.BooleanField(
        "alerts need approval before sending",
        default=False,
        help_text="When ticked, an alert can only be sent once its published version has been "
        "approved through the approval workflow set on the Alerts pages.",
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        "smallest count shown",
        default=8,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text="Counts from 1 up to one below this show as a range (e.g. 1–7) in every figure "
        "that leaves the coordinator's screens: the board view, exports, PDFs and emails. UK "
        "practice: 8 (NHS Digital, OpenSAFELY) or 10 (ONS).",
    )
    disclosure_rounding = models.PositiveSmallIntegerField(
        "round other counts to the nearest",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="1 shows exact counts; 5 (the usual choice) rounds 12 to 10 and 13 to 15.",
    )
    disclosure_statistic_base = models.PositiveSmallIntegerField(
        "fewest records behind a median or percentile",
        default=20,
        validators=[MinValueValidator(2), MaxValueValidator(1000)],
        help_text="A median or percentile (times taken, days to meet a request) resting on fewer "
        "records is not shown under the rule: on a handful of records it is one person's own "
        "figure. Never below the smallest count shown.",
    )
    training_valid_years_level_1 = models.PositiveSmallIntegerField(
        "level 1 (e-learning) stays in date for (years)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    training_valid_years_level_2 = models.PositiveSmallIntegerField(
        "level 2 (WRAP) stays in date for (years)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    training_valid_years_level_3 = models.PositiveSmallIntegerField(
        "level 3 (train the trainer) stays in date for (years)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="A completion is in date until the same day this many years later (a "
        "29 February completion: until 28 February). Changing a period changes every report "
        "from then on; nothing stored is rewritten.",
    )
    training_coverage_target = models.PositiveSmallIntegerField(
        "coverage target (%)",
        default=85,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The share of the staff who need a level that should hold it in date "
        "(NHS trusts report against 85 %).",
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        help_text="Extra links in the footer, e.g. accessibility statement, privacy notice.",
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
                FieldPanel("community_tension_report_url"),
            ],
            heading="Emergency and reporting links",
        ),
        MultiFieldPanel([FieldPanel("alerts_need_approval")], heading="Alerts"),
        MultiFieldPanel(
            [
                FieldPanel("disclosure_threshold"),
                FieldPanel("disclosure_rounding"),
                FieldPanel("disclosure_statistic_base"),
            ],
            heading="Small numbers in reports",
        ),
        MultiFieldPanel(
            [
                FieldPanel("training_valid_years_level_1"),
                FieldPanel("training_valid_years_level_2"),
                FieldPanel("training_valid_years_level_3"),
                FieldPanel("training_coverage_target"),
            ],
            heading="Training currency",
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        # The model began in `cms`; its table kept that name when it moved to `core`.
        db_table = "cms_partnershipsettings"
        verbose_name = "partnership"

    def __str__(self):
        return self.name
