"""Emerging-issue alerts: pages that only signed-in partners can read (the seed puts a login
view restriction on the Alerts index, which every alert inherits)."""

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

ALERT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


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


class AlertsIndexPage(Page):
    intro = RichTextField(features=ALERT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["alerts.AlertPage"]
    max_count = 1
    template = "alerts/pages/alerts_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alerts"] = AlertPage.objects.child_of(self).live().order_by("-first_published_at")
        return context


class AlertPage(Page):
    """An alert about an emerging issue, for the leads and networks of some districts."""

    what_is_happening = RichTextField(features=ALERT_FEATURES)
    look_out_for = RichTextField("what to look out for", features=ALERT_FEATURES)
    what_to_do = RichTextField(features=ALERT_FEATURES)
    where_to_report = RichTextField(features=ALERT_FEATURES)
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
