"""Newsletter issues as Wagtail pages, and the index that is their public web archive."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from networks.models import Topic
from newsletters.blocks import NewsletterStreamBlock


def _neutralise_merge_fields(response):
    from sending.rendering import without_merge_fields

    charset = response.charset or "utf-8"
    response.content = without_merge_fields(response.content.decode(charset)).encode(charset)


class ReadByAnyoneMixin:
    """The public page of an issue is read by nobody in particular: merge fields an editor typed
    (a heading "Hello {{ first_name }}") are taken out neatly ("Hello") wherever they show,
    title and social tags included."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(_neutralise_merge_fields)
        return response


class NewsletterIndexPage(ReadByAnyoneMixin, Page):
    """The public archive: live, public issues marked "show in archive", newest first."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    per_page = 10

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["newsletters.NewsletterPage"]
    template = "newsletters/newsletter_index_page.html"

    class Meta:
        verbose_name = "newsletter archive"

    def archived_issues(self):
        return (
            NewsletterPage.objects.child_of(self)
            .live()
            .public()
            .filter(show_in_archive=True)
            .order_by("-issue_date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # get_page() copes with a missing, non-numeric or out-of-range ?page= by falling back.
        context["issues"] = Paginator(self.archived_issues(), self.per_page).get_page(
            request.GET.get("page")
        )
        return context


class NewsletterPage(ReadByAnyoneMixin, Page):
    """One issue: a quarterly newsletter or an ad-hoc update, read on the web and sent by email.

    Sending needs the page live with no pending changes, approved through its workflow when one is
    configured, and the `sending.can_send_newsletters` permission (`newsletters.permissions`).
    """

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly newsletter"
        AD_HOC = "ad_hoc", "Ad-hoc update"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUARTERLY)
    issue_date = models.DateField(default=timezone.localdate)
    summary = models.CharField(
        max_length=255,
        blank=True,
        help_text="One or two sentences: shown in the archive and as the email's preview line.",
    )
    email_subject = models.CharField(
        max_length=200, blank=True, help_text="Subject line of the email; the title if empty."
    )
    show_in_archive = models.BooleanField(
        default=True, help_text="List this issue in the public newsletter archive."
    )
    body = StreamField(NewsletterStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("issue_date"), FieldPanel("summary")],
            heading="Issue",
        ),
        FieldPanel("body"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("email_subject"), FieldPanel("show_in_archive")],
            heading="Email and archive",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types: list[str] = []
    template = "newsletters/newsletter_page.html"

    class Meta:
        verbose_name = "newsletter issue"

    @property
    def subject(self) -> str:
        return self.email_subject or self.title

    @property
    def topic(self) -> str:
        """The subscription topic an issue goes to and unsubscribe links act on."""
        return Topic.NEWSLETTER if self.kind == self.Kind.QUARTERLY else Topic.UPDATES
