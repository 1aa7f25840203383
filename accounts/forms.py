"""The forms of staff accounts: the coordinator's (invite, change role) and the invited person's."""

from django import forms
from django.contrib.auth import password_validation

from core import idempotency
from networks.models import District

from . import roles


class RoleFields(forms.Form):
    role = forms.ChoiceField(choices=roles.CHOICES, label="Role")
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Districts",
        help_text="For a district responder or a district lead: the districts they work in.",
    )

    def clean(self):
        data = super().clean()
        role = roles.BY_KEY.get(data.get("role", ""))
        if role and role.needs_districts and not data.get("districts"):
            self.add_error("districts", f"A {role.label.lower()} needs at least one district.")
        return data


class InviteForm(RoleFields):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(label="First name", required=False, max_length=150)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    field_order = ["email", "first_name", "role", "districts"]

    def clean_idempotency_key(self):
        key = idempotency.key_from(self.data)
        if key is None:
            raise forms.ValidationError("This form has expired: please fill it in again.")
        return key


class PasswordFields(forms.Form):
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label="New password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", "The two passwords are not the same.")
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class AcceptForm(PasswordFields):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)

    field_order = ["first_name", "last_name", "new_password1", "new_password2"]


class ResetRequestForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)
