"""Forms of the directory's admin (Wagtail)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from .models import (
    ConsentEvent,
    Contact,
    District,
    Network,
    Organisation,
    PrivacyRequest,
    Role,
    Sector,
    SegmentMember,
    Subscription,
    Topic,
)
from .models.contacts import normalise_email
from .permissions import scoped_district_ids

LEAD_ADDRESS_HELP = (
    "If this person is already in the directory elsewhere, saving asks the coordinator to add "
    "them to your district."
)
LEAD_SAVED = (
    "Saved. If this person is already in the directory elsewhere, the coordinator has been "
    "asked to add them to your district."
)


class ContactAdminForm(WagtailAdminModelForm):
    """A contact as the coordinator or a district lead edits it. Subscriptions ticked here are
    recorded in the consent history with source "admin" (e.g. agreed on the phone)."""

    topics = forms.MultipleChoiceField(
        label="Subscribed to",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick only what the person has agreed to receive.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.scope = scoped_district_ids(for_user) if for_user is not None else None
        if self.scope is not None and "districts" in self.fields:
            # A district lead files contacts in their own districts, or they would lose sight
            # of the contact they just saved.
            self.fields["districts"].queryset = District.objects.filter(pk__in=self.scope)
            self.fields["districts"].required = True
            if "email" in self.fields and not self.instance.pk:
                self.fields["email"].help_text = LEAD_ADDRESS_HELP
        if self.instance.pk:
            self.fields["topics"].initial = list(
                self.instance.subscriptions.filter(
                    status=Subscription.Status.SUBSCRIBED
                ).values_list("topic", flat=True)
            )

    #: A district lead typed an address held outside their districts: the view records a
    #: request to the coordinator instead of saving, and answers as it does for a new address.
    held_elsewhere = False

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        clash = Contact.objects.filter(email=email).exclude(pk=self.instance.pk)
        if self.scope is None:
            if clash.exists():
                raise ValidationError("Another contact already has this address.")
            return email
        from .permissions import contacts_for_user

        if contacts_for_user(self.for_user).filter(pk__in=clash.values("pk")).exists():
            raise ValidationError("A contact in your districts already has this address.")
        # Whether the address is held outside the lead's districts must not show: the view
        # files a request to the coordinator instead (a new contact is not created; an edited
        # one keeps its old address).
        if clash.exists():
            self.held_elsewhere = True
            self.requested_email = email
            return self.instance.email if self.instance.pk else email
        return email

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.held_elsewhere:
            # Not saved (a new contact) or saved with its old address (an edit): the uniqueness
            # check on the typed address would tell the lead it exists.
            exclude.add("email")
        return exclude

    def save(self, commit=True):
        from .actions.subscriptions import set_subscription

        with transaction.atomic():
            contact = super().save(commit=commit)
            wanted = set(self.cleaned_data.get("topics") or [])
            current = dict(contact.subscriptions.values_list("topic", "status"))
            for topic in Topic.values:
                if topic in wanted:
                    status = Subscription.Status.SUBSCRIBED
                elif current.get(topic) == Subscription.Status.SUBSCRIBED:
                    status = Subscription.Status.UNSUBSCRIBED
                else:
                    continue
                set_subscription(contact, topic, status, ConsentEvent.Source.ADMIN)
        return contact


def _emails_field(label, help_text):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


RULE_FIELDS = ["districts", "roles", "sectors", "networks", "organisations", "tags", "topics"]


class SegmentForm(WagtailAdminModelForm):
    """Rules as form fields: OR within a field, AND across fields; exclusions; and manual rows
    (one email per line) that beat the rules. Saved to Segment.rules and SegmentMember."""

    districts = forms.ModelMultipleChoiceField(
        District.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    roles = forms.ModelMultipleChoiceField(
        Role.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    networks = forms.ModelMultipleChoiceField(
        Network.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisations = forms.ModelMultipleChoiceField(Organisation.objects.all(), required=False)
    tags = forms.CharField(required=False, help_text="Comma-separated.")
    topics = forms.MultipleChoiceField(
        label="Subscribed to",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exclude_districts = forms.ModelMultipleChoiceField(
        District.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    exclude_roles = forms.ModelMultipleChoiceField(
        Role.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    exclude_sectors = forms.MultipleChoiceField(
        choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    exclude_networks = forms.ModelMultipleChoiceField(
        Network.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    exclude_organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.all(), required=False
    )
    exclude_tags = forms.CharField(required=False, help_text="Comma-separated.")
    exclude_topics = forms.MultipleChoiceField(
        label="Exclude those subscribed to",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_emails = _emails_field(
        "Always include", "One email address per line: included whatever the rules say."
    )
    exclude_emails = _emails_field(
        "Always exclude", "One email address per line: left out whatever the rules say."
    )

    class Media:
        js = ["networks/js/segment-count.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self._load_initial(self.instance.rules or {})

    def _load_initial(self, rules):
        for prefix, part in (("", rules), ("exclude_", rules.get("exclude") or {})):
            for key in RULE_FIELDS:
                value = part.get(key) or []
                self.fields[prefix + key].initial = ", ".join(value) if key == "tags" else value
        rows = self.instance.manual_members.select_related("contact")
        for mode in SegmentMember.Mode.values:
            self.fields[f"{mode}_emails"].initial = "\n".join(
                sorted(r.contact.email for r in rows if r.mode == mode)
            )

    def _clean_emails(self, name):
        emails = {normalise_email(e) for e in self.cleaned_data.get(name, "").split() if e}
        found = dict(Contact.objects.filter(email__in=emails).values_list("email", "pk"))
        missing = sorted(emails - found.keys())
        if missing:
            raise ValidationError("Not in the directory: " + ", ".join(missing))
        return sorted(found.values())

    def clean_include_emails(self):
        return self._clean_emails("include_emails")

    def clean_exclude_emails(self):
        return self._clean_emails("exclude_emails")

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("include_emails") or []) & set(cleaned.get("exclude_emails") or [])
        if both:
            self.add_error("exclude_emails", "An address cannot be both included and excluded.")
        return cleaned

    def rules(self) -> dict:
        """The structured rules from cleaned data (ids, sector and topic values, tag names)."""

        def part(prefix):
            out = {}
            for key in RULE_FIELDS:
                value = self.cleaned_data.get(prefix + key)
                if key == "tags":
                    value = [t.strip() for t in (value or "").split(",") if t.strip()]
                elif value and hasattr(value, "values_list"):
                    value = sorted(value.values_list("pk", flat=True))
                else:
                    value = sorted(value or [])
                if value:
                    out[key] = value
            return out

        rules = part("")
        excluded = part("exclude_")
        if excluded:
            rules["exclude"] = excluded
        return rules

    def save(self, commit=True):
        from .actions.segments import save_segment

        # The form fills in the name and description; the action saves rules and rows and logs.
        segment = super().save(commit=False)
        return save_segment(
            segment,
            self.rules(),
            include_ids=self.cleaned_data["include_emails"],
            exclude_ids=self.cleaned_data["exclude_emails"],
            user=self.for_user,
        )


class PrivacyRequestForm(forms.Form):
    """A data protection request as it arrived: its kind and the date (not in the future)."""

    kind = forms.ChoiceField(
        label="What did they ask for?",
        choices=PrivacyRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether it is a subject-access or an erasure request.",
            "invalid_choice": "Choose whether it is a subject-access or an erasure request.",
        },
    )
    received_on = forms.DateField(
        label="Date the request arrived",
        help_text="The day it reached the partnership (letter, email or in person), for example "
        "2026-05-04 or 04/05/2026. The month for meeting it runs from this date.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the request arrived.",
            "invalid": "Enter the date the request arrived as a real date, for example "
            "2026-05-04 or 04/05/2026.",
        },
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError("The date the request arrived cannot be in the future.")
        return received_on
