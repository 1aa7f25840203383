"""The glossary: acronyms (snippets) and the page that lists them."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .pages import HubPageMixin


class Acronym(index.Indexed, models.Model):
    """An entry of the glossary (seeded from the action plan's Appendix B). Rendered rich text marks
    every whole-word use of ``term`` up as ``<abbr title="expansion">``."""

    term = models.CharField(max_length=40, unique=True)
    expansion = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("expansion"),
    ]
    panels = [FieldPanel("term"), FieldPanel("expansion"), FieldPanel("description")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} — {self.expansion}"


class GlossaryPage(HubPageMixin, Page):
    """Lists every acronym of the glossary, alphabetically."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["acronyms"] = Acronym.objects.order_by("term")
        return context
