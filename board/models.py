"""The board's reports: Wagtail pages written by the coordinator over a period's figures, and the
snapshot publishing freezes (figures, charts and text), which never changes afterwards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .themes import THEMES

NARRATIVE_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]
NARRATIVE_HELP = "What we did, what changed, what next."


class AdminOnlyPage(Page):
    """Reports are read in the admin only: the public site never serves them, and they are
    kept out of the hub's search and sitemap."""

    search_fields = []

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        raise Http404

    def get_sitemap_urls(self, request=None):
        return []


class BoardReportIndexPage(AdminOnlyPage):
    """Where the board's reports live (one, under the home page)."""

    subpage_types = ["board.BoardReportPage"]
    max_count = 1

    class Meta:
        verbose_name = "board reports folder"


def _narrative_field(number: int):
    return RichTextField(
        f"{THEMES[number]}: narrative",
        blank=True,
        features=NARRATIVE_FEATURES,
        help_text=NARRATIVE_HELP,
    )


class BoardReportPage(AdminOnlyPage):
    """A quarterly PWG report or the annual report: the period's figures beside the
    coordinator's narrative per theme. Publishing it (through the approval workflow) freezes a
    `ReportSnapshot`; the board reads that snapshot, never the live figures."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly PWG report"
        ANNUAL = "annual", "Annual report"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.QUARTERLY)
    period_key = models.CharField(
        "period",
        max_length=30,
        help_text='A quarter of the financial year, e.g. "2026-Q3", or a financial year, e.g. '
        '"2026" (April 2026 to March 2027).',
    )
    summary = RichTextField(blank=True, features=NARRATIVE_FEATURES)
    narrative_1 = _narrative_field(1)
    narrative_2 = _narrative_field(2)
    narrative_3 = _narrative_field(3)
    narrative_4 = _narrative_field(4)
    narrative_5 = _narrative_field(5)
    narrative_6 = _narrative_field(6)

    parent_page_types = ["board.BoardReportIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("period_key")], heading="Report"),
        HelpPanel(
            "The figures come from the dashboard for this period, with disclosure control "
            "applied. They are frozen, with this text, when the report is published."
        ),
        FieldPanel("summary"),
        *[FieldPanel(f"narrative_{n}") for n in THEMES],
    ]

    class Meta:
        verbose_name = "board report"

    def clean(self):
        super().clean()
        from .periods import Period

        try:
            period = Period.parse(self.period_key)
        except ValueError as exc:
            raise ValidationError({"period_key": str(exc)}) from exc
        expected = "year" if self.kind == self.Kind.ANNUAL else "quarter"
        if period.kind != expected:
            raise ValidationError(
                {"period_key": f"A {self.get_kind_display().lower()} covers a {expected}."}
            )
        self.period_key = period.key

    def narratives(self) -> dict[int, str]:
        return {n: getattr(self, f"narrative_{n}") for n in THEMES}

    def serve_preview(self, request, mode_name):
        from .reports import render_report_preview

        return render_report_preview(request, self)


class SnapshotChangeError(Exception):
    """Raised on any attempt to change or delete a frozen snapshot."""


class ReportSnapshot(models.Model):
    """What a report showed when it was first published: every section's disclosed figures and
    charts, the narrative and the method note, as JSON. Written once; never updated."""

    page = models.OneToOneField(BoardReportPage, on_delete=models.PROTECT, related_name="snapshot")
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=12, choices=BoardReportPage.Kind.choices)
    period_key = models.CharField(max_length=30)
    period_label = models.CharField(max_length=60)
    content = models.JSONField(help_text="Sections, narrative and method note as published.")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("view_board_dashboard", "Can view the board dashboard and published board reports"),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SnapshotChangeError("a published report's snapshot cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotChangeError("a published report's snapshot cannot be deleted")
