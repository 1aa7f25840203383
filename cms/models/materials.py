"""The materials library: leaflets, briefings and posters, each a Wagtail document described by a
``Material`` entry (audience, topic, format, owner, review-by date).

Why a ``Material`` model linking a document rather than a custom ``WAGTAILDOCS_DOCUMENT_MODEL``:
Wagtail's own document admin, chooser, collections, permissions and serving stay exactly as they
are, and no other app (newsletters attach documents too) has to migrate against a swapped document
model — swapping it after databases exist is a one-way, cross-app migration. The price is that an
editor uploads a document, then describes it; the material form's document chooser allows uploading
in place, so it is one screen in practice.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from .pages import HubPageMixin


class _Label(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class MaterialAudience(_Label):
    """Who a material is for: staff, parents, employers, young people, community…"""

    class Meta(_Label.Meta):
        verbose_name = "material audience"


class MaterialTopic(_Label):
    """What a material is about: e.g. recognising concerns, online safety, reporting."""

    class Meta(_Label.Meta):
        verbose_name = "material topic"


class MaterialFormat(models.TextChoices):
    LEAFLET = "leaflet", "Leaflet"
    BRIEFING = "briefing", "Briefing"
    POSTER = "poster", "Poster"
    GUIDANCE = "guidance", "Guidance"
    PRESENTATION = "presentation", "Presentation"


class MaterialQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def listed(self):
        return self.filter(listed=True)

    def review_due(self, on=None):
        """Materials whose review-by date is ``on`` (default today) or earlier."""
        return self.filter(review_by__lte=on or timezone.localdate())


class Material(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    # A material without its file means nothing: deleting the document deletes the entry.
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="materials"
    )
    audiences = models.ManyToManyField(MaterialAudience, related_name="materials")
    topics = models.ManyToManyField(MaterialTopic, related_name="materials", blank=True)
    format = models.CharField(max_length=20, choices=MaterialFormat.choices)
    # Kept when the owner's account goes, so the overdue report shows it has no owner any more.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_materials",
        help_text="Reminded by email when the review-by date arrives.",
    )
    review_by = models.DateField(help_text="When the content must next be checked.")
    listed = models.BooleanField(default=True, help_text="Shown in the public materials library.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = MaterialQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("format"),
            ],
            heading="Filters",
        ),
        MultiFieldPanel(
            [FieldPanel("owner"), FieldPanel("review_by"), FieldPanel("listed")],
            heading="Keeping it current",
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.RelatedFields("document", [index.SearchField("title")]),
        index.FilterField("listed"),
        index.FilterField("format"),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def is_review_due(self) -> bool:
        return self.review_by <= timezone.localdate()


class MaterialReviewReminder(models.Model):
    """A review reminder sent to a material's owner. One per material per review-by date: the
    unique constraint is what makes the daily task safe to run twice."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reminders")
    review_by = models.DateField()
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["material", "review_by"], name="one_reminder_per_material_due_date"
            )
        ]

    def __str__(self):
        return f"Reminder for {self.material} due {self.review_by}"


class MaterialsLibraryPage(HubPageMixin, Page):
    """The public, filterable list of materials (by audience, topic and format)."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from cms.forms import MaterialFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = MaterialFilterForm(request.GET or None)
        context["filter_form"] = form
        context["materials"] = form.filter(Material.objects.listed())
        return context
