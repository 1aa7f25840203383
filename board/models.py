"""The board's reports: Wagtail pages written by the coordinator over a period's figures, and the
snapshot publishing freezes (figures, charts and text), which never changes afterwards. A
published snapshot can be withdrawn (kept, marked withdrawn) and replaced by a correction that
says what changed."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
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

    def permissions_for_user(self, user):
        """Only the board's people, with grants on the board's folder (board.page_permissions)."""
        from .page_permissions import BoardPagePermissionTester

        return BoardPagePermissionTester(user, self)


class BoardReportIndexPage(AdminOnlyPage):
    """Where the board's reports live (one, under the home page)."""

    subpage_types = ["board.BoardReportPage"]
    max_count = 1

    class Meta:
        verbose_name = "board reports folder"

    def serve_preview(self, request, mode_name):
        """The folder's draft view: its reports, each with its period and state."""
        reports = BoardReportPage.objects.child_of(self).order_by("-period_key", "title")
        return TemplateResponse(
            request, "board/report_index_preview.html", {"page": self, "reports": reports}
        )


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
    correction_note = models.TextField(
        "what this correction changes",
        blank=True,
        help_text="Only for a report whose published version was withdrawn: what the corrected "
        "version changes, and why. The board reads it above the corrected report.",
    )

    parent_page_types = ["board.BoardReportIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("period_key")], heading="Report"),
        HelpPanel(
            "The figures come from the dashboard for this period, with disclosure control "
            "applied. They are frozen, with this text, when the report is published."
        ),
        HelpPanel(template="board/panels/publishing.html", heading="Publishing"),
        FieldPanel("summary"),
        *[FieldPanel(f"narrative_{n}") for n in THEMES],
        FieldPanel("correction_note"),
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

    def period(self):
        from .periods import Period

        return Period.parse(self.period_key)

    def publishable_from(self) -> dt.date:
        """The first day (Europe/London) after the report's period ends: a report of a running
        period can be drafted, not published (it would freeze a period not yet over)."""
        return self.period().end + dt.timedelta(days=1)

    def period_has_ended(self, today: dt.date | None = None) -> bool:
        try:
            return (today or timezone.localdate()) >= self.publishable_from()
        except ValueError:
            return False

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing (the edit view, a finished workflow, a scheduled go-live, code)
        passes here before Wagtail writes anything: refused (`ReportNotPublishable`) before the
        period has ended or for a correction that does not say what it changes."""
        from .actions import check_publishable

        check_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)

    def publishing_status(self) -> str:
        """What the edit form says about publishing: when it can be, or what the board reads."""
        try:
            period = self.period()
        except ValueError:
            return "A report can be published from the day after its period ends."
        current = self.current_snapshot() if self.pk else None
        if current is not None:
            return (
                f"Published on {timezone.localtime(current.published_at):%-d %B %Y}: the board "
                "reads that version, which does not change. To correct it, withdraw it from the "
                "board's report screen, then publish the corrected report."
            )
        if not self.period_has_ended():
            return (
                f"{period.label} has not ended: this report can be drafted now and published "
                f"from {self.publishable_from():%-d %B %Y}."
            )
        if self.pk and self.snapshots.exists():
            return (
                "The published version was withdrawn: say what this correction changes "
                "(below), then publish it."
            )
        return f"{period.label} has ended: this report can be published."

    def current_snapshot(self):
        return self.snapshots.filter(withdrawn_at__isnull=True).first()

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

    page = models.ForeignKey(BoardReportPage, on_delete=models.PROTECT, related_name="snapshots")
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=12, choices=BoardReportPage.Kind.choices)
    period_key = models.CharField(max_length=30)
    period_label = models.CharField(max_length=60)
    content = models.JSONField(help_text="Sections, narrative and method note as published.")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="The withdrawn version this one corrects.",
    )
    correction_note = models.TextField(blank=True, help_text="What the correction changes.")
    # Withdrawal is the one change a snapshot takes (board.actions.withdraw_report, by an
    # UPDATE of these fields alone): its figures and text stay as they were published.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("view_board_dashboard", "Can view the board dashboard and published board reports"),
        ]
        constraints = [
            # One version the board reads per report, however many publishes race.
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="board_one_current_snapshot_per_report",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SnapshotChangeError("a published report's snapshot cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotChangeError("a published report's snapshot cannot be deleted")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def replacement(self):
        """The correction that replaced this withdrawn version, if one is published yet."""
        return self.corrections.order_by("published_at").first()
