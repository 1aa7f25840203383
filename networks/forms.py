"""Forms of the public subscribe pages. Admin forms live in networks/admin_forms.py."""

from django import forms

from core.forms import AccessibleForm

from .models import District, Role, Topic
from .reference_data import SUBSCRIBE_ROLES


class DistrictChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=District.objects.all(), **kwargs)


class SubscribeForm(AccessibleForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Enter your first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label="Your role (optional)",
        required=False,
        help_text="Helps the partnership send you what concerns your work.",
    )
    districts = DistrictChoiceField(
        label="Which districts do you want to hear about?",
        error_messages={"required": "Choose at least one district"},
    )
    topics = forms.MultipleChoiceField(
        label="What would you like to receive?",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of email"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(Role.objects.filter(slug__in=SUBSCRIBE_ROLES).values_list("slug", "name"))
        self.fields["role"].choices = [("", "Prefer not to say")] + [
            (slug, names[slug]) for slug in SUBSCRIBE_ROLES if slug in names
        ]


class PreferencesForm(AccessibleForm):
    # Unticking every district would leave a subscriber hearing about nowhere: refused, with
    # the way to stop everything named (the page's "Unsubscribe from everything").
    districts = DistrictChoiceField(
        label="Your districts",
        error_messages={
            "required": "Keep at least one district ticked. To stop every email, use "
            "“Unsubscribe from everything” below."
        },
    )
    topics = forms.MultipleChoiceField(
        label="Emails you receive",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Untick a kind of email to stop receiving it.",
    )


class FreshPartnerLinkForm(AccessibleForm):
    """Ask for a fresh personal link to partner pages by email (networks.partner_access)."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The address our emails reach you at.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address such as name@example.org.",
        },
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
