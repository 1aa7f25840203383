"""The public forms' one renderer and base class: every public form (subscribe, report, RSVP,
registration, feedback, receipt look-up …) renders its fields, hints, errors and error summary
through the templates in core/templates/core/forms/, styled by core/static/core/forms.css and
helped by core/static/core/forms.js (loaded by templates/base.html)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """`FORM_RENDERER`: Django's default template engine for widgets (so Wagtail's admin widgets
    render as before), with the project's form and field templates. Those templates only use
    what Django's BoundField gives every form: the ids `<auto_id>_helptext` and `<auto_id>_error`
    that Django itself names in aria-describedby, and aria-invalid on a field with errors."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class AccessibleFormMixin:
    """What a public form adds to Django's own accessibility: hints (``hints`` beside the field
    declarations, or the field's help_text) that Django names in aria-describedby, and a GOV.UK
    style error summary (`{{ form.error_summary }}`) listing each error as a link to its field.

    The summary is focused by core/forms.js when the page loads; without JavaScript it is still
    the first thing after the heading and its links still lead to the fields."""

    hints: dict[str, str] = {}
    error_summary_template_name = "core/forms/error_summary.html"
    error_summary_title = "There is a problem"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, hint in self.hints.items():
            if name in self.fields:
                self.fields[name].help_text = hint

    def error_anchor(self, bound_field) -> str:
        """The id the summary links to: the first option of a group of radios or checkboxes
        (a fieldset cannot take focus), else the field itself."""
        if bound_field.use_fieldset:
            return f"{bound_field.auto_id}_0"
        return bound_field.auto_id

    def error_summary_items(self) -> list[tuple[str | None, str]]:
        """Each error as (anchor or None, message), in the order of the form's fields; errors
        of the whole form and of hidden fields have no field to link to."""
        items = [(None, str(error)) for error in self.non_field_errors()]
        for bound_field in self:
            anchor = None if bound_field.is_hidden else self.error_anchor(bound_field)
            items += [(anchor, str(error)) for error in bound_field.errors]
        return items

    @property
    def files_lost(self) -> bool:
        """A form with file fields that came back with a problem: its files are not kept."""
        return bool(self.errors) and any(
            isinstance(field, forms.FileField) for field in self.fields.values()
        )

    def error_summary(self):
        if not self.errors:
            return ""
        return self.render(
            self.error_summary_template_name,
            context={
                "form": self,
                "title": self.error_summary_title,
                "items": self.error_summary_items(),
            },
        )


class AccessibleForm(AccessibleFormMixin, forms.Form):
    """The base of every public form."""


class AccessibleModelForm(AccessibleFormMixin, forms.ModelForm):
    """The base of every public form that edits a model."""


_ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")


def split_addresses(text: str) -> tuple[list[str], list[str]]:
    """The email addresses typed in a box (separated by commas, semicolons, spaces or new
    lines): (the addresses, trimmed, lower-cased and without repeats, in the order typed; the
    items that are not addresses, as typed)."""
    found: list[str] = []
    bad: list[str] = []
    for item in _ADDRESS_SEPARATORS.split(text or ""):
        if not item:
            continue
        address = item.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            bad.append(item)
            continue
        if address not in found:
            found.append(address)
    return found, bad
