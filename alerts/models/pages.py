"""Emerging-issue alerts: pages that only partners can read (the seed puts the "partners only"
view restriction, networks.partner_pages, on the Alerts index, which every alert inherits)."""

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.html import clean_html

ALERT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# Stored (database-format) rich text keeps Wagtail's internal links: <a linktype="page" id="3">.
_STORED_ATTRIBUTES = {"a": ["href", "title", "linktype", "id"]}


def clean_stored_richtext(html: str) -> str:
    """Rich text as stored, cut down to the one allow-list (`core.html`: its tags and
    protocols, as every email is), keeping Wagtail's page and document links. An editor's
    text through Draftail is unchanged; HTML written another way loses scripts, handlers, styles
    and javascript:/data: links before it is stored."""
    return clean_html(html, attributes=_STORED_ATTRIBUTES)


class SanitisedRichTextMixin:
    """Cleans the page's `richtext_fields` when the page is validated (every revision) and when
    it is saved (publishing, or a row written through the ORM). Templates sanitise again when
    they render (`web_richtext`), for rows changed behind the model's back."""

    richtext_fields: tuple[str, ...] = ()

    def _clean_richtext(self):
        for name in self.richtext_fields:
            setattr(self, name, clean_stored_richtext(getattr(self, name)))

    def clean(self):
        super().clean()
        self._clean_richtext()

    def save(self, *args, **kwargs):
        self._clean_richtext()
        return super().save(*args, **kwargs)


class AlertPageForm(WagtailAdminPageForm):
    """A responder scoped to some districts may only write alerts for those districts: the
    district choices are theirs, and at least one is required (a county-wide alert is for
    responders who see every district)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from alerts.access import scoped_district_ids

        field = self.fields.get("districts")
        allowed = scoped_district_ids(self.for_user) if self.for_user else None
        if field is not None and allowed is not None:
            field.queryset = field.queryset.filter(pk__in=allowed)
            field.required = True
            field.help_text = "The districts this alert is about (yours only)."


class AlertsIndexPage(SanitisedRichTextMixin, Page):
    intro = RichTextField(features=ALERT_FEATURES, blank=True)
    richtext_fields = ("intro",)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["alerts.AlertPage"]
    max_count = 1
    template = "alerts/pages/alerts_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alerts"] = AlertPage.objects.child_of(self).live().order_by("-first_published_at")
        return context


class AlertPage(SanitisedRichTextMixin, Page):
    """An alert about an emerging issue, for the leads and networks of some districts."""

    what_is_happening = RichTextField(features=ALERT_FEATURES)
    look_out_for = RichTextField("what to look out for", features=ALERT_FEATURES)
    what_to_do = RichTextField(features=ALERT_FEATURES)
    where_to_report = RichTextField(features=ALERT_FEATURES)
    richtext_fields = ("what_is_happening", "look_out_for", "what_to_do", "where_to_report")
    districts = ParentalManyToManyField("networks.District", blank=True, related_name="+")

    content_panels = [
        *Page.content_panels,
        FieldPanel("districts"),
        FieldPanel("what_is_happening"),
        FieldPanel("look_out_for"),
        FieldPanel("what_to_do"),
        FieldPanel("where_to_report"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("what_is_happening")]
    parent_page_types = ["alerts.AlertsIndexPage"]
    subpage_types: list[str] = []
    template = "alerts/pages/alert_page.html"

    base_form_class = AlertPageForm

    class Meta:
        verbose_name = "emerging-issue alert"
        permissions = [("can_send_alerts", "Can send alerts")]
