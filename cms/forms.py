"""Public forms of the hub (no state changes here: these only read)."""

from django import forms

from cms.models import MaterialAudience, MaterialFormat, MaterialTopic
from core.forms import AccessibleForm


class MaterialFilterForm(AccessibleForm):
    """The materials library's filters. Unknown values are reported, not silently ignored."""

    error_summary_title = "There is a problem with the filters"

    audience = forms.ModelChoiceField(
        queryset=MaterialAudience.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any audience",
        error_messages={"invalid_choice": "Choose an audience from the list."},
        label="Audience",
    )
    topic = forms.ModelChoiceField(
        queryset=MaterialTopic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
        error_messages={"invalid_choice": "Choose a topic from the list."},
        label="Topic",
    )
    format = forms.ChoiceField(
        choices=[("", "Any format"), *MaterialFormat.choices],
        required=False,
        label="Format",
        error_messages={"invalid_choice": "Choose a format from the list."},
    )

    def filter(self, materials):
        """Narrow ``materials`` by the valid filters; an invalid one narrows nothing."""
        materials = materials.select_related("document").prefetch_related("audiences", "topics")
        if not self.is_bound or not self.is_valid():
            return materials
        data = self.cleaned_data
        if data.get("audience"):
            materials = materials.filter(audiences=data["audience"])
        if data.get("topic"):
            materials = materials.filter(topics=data["topic"])
        if data.get("format"):
            materials = materials.filter(format=data["format"])
        return materials.distinct()
