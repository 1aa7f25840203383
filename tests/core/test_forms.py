"""The public forms' one renderer: error summary, field template and the one CSS and script."""

import re
from urllib.parse import urlsplit

import pytest
from django import forms

from core.forms import AccessibleForm


class ContactForm(AccessibleForm):
    email = forms.EmailField(label="Email address", error_messages={"required": "Enter your email"})
    topics = forms.MultipleChoiceField(
        label="What would you like to receive?",
        choices=[("news", "Newsletter"), ("events", "Events")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of email"},
    )
    phone = forms.CharField(label="Phone (optional)", required=False)
    key = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Start again"})
    hints = {"email": "The address our emails reach you at."}


def test_an_invalid_form_lists_every_error_as_a_link_to_its_field():
    form = ContactForm(data={})

    html = str(form)

    summary = html.split('id="error-summary-title"')[1].split("</ul>")[0]
    assert re.findall(r'<a href="#(\w+)">\s*([^<]+?)\s*</a>', summary) == [
        ("id_email", "Enter your email"),
        ("id_topics_0", "Choose at least one kind of email"),
    ]
    # A hidden field has nothing to link to: its error is listed as text.
    assert "Start again" in summary and 'href="#id_key"' not in summary
    assert 'id="id_topics_0"' in html and 'id="id_email"' in html


def test_an_invalid_field_is_described_by_its_hint_and_its_error_and_marked_invalid():
    html = str(ContactForm(data={"phone": "01632 960000"}))

    email = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    assert 'aria-invalid="true"' in email and "required" in email
    assert 'id="id_email_helptext"' in html and 'id="id_email_error"' in html
    # A group of checkboxes is described on its fieldset, which names its legend.
    assert '<fieldset aria-describedby="id_topics_error">' in html
    assert "<legend>What would you like to receive?</legend>" in html
    phone = re.search(r"<input[^>]*id=\"id_phone\"[^>]*>", html).group(0)
    assert "aria-invalid" not in phone and "aria-describedby" not in phone


def test_a_valid_or_unbound_form_has_no_summary_and_no_invalid_field():
    for form in (
        ContactForm(),
        ContactForm(data={"email": "a@example.org", "topics": ["news"], "key": "k"}),
    ):
        html = str(form)
        assert "error-summary" not in html and "aria-invalid" not in html
    assert 'aria-describedby="id_email_helptext"' in str(ContactForm())


def test_the_summary_is_focusable_for_the_script_and_says_what_went_wrong():
    summary = ContactForm(data={}).error_summary()

    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "There is a problem" in summary
    assert "choose your files again" not in summary


@pytest.fixture
def public_form_paths(demo_site):
    from events.links import make_rsvp_token
    from events.models import EventPage, Invitation
    from networks.models import Contact
    from networks.tokens import preference_centre_url

    contact = Contact.objects.create(first_name="Hana", email="hana.haddad@example.org")
    event = EventPage.objects.live().first()
    token = make_rsvp_token(Invitation.objects.create(event=event, contact=contact))
    paths = [
        "/subscribe/",
        urlsplit(preference_centre_url(contact)).path,
        "/report/",
        "/report/new/",
        "/report/return/",
        "/partners/sign-in/",
        f"/rsvp/{token}/",
        f"/rsvp/{token}/feedback/",
    ]
    if event.registration_open:
        paths.append(event.url + "register/")
    return paths


@pytest.mark.django_db
def test_every_public_form_page_links_the_form_css_and_script_exactly_once(
    client, public_form_paths
):
    for path in public_form_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert html.count("core/forms.css") == 1, path
        assert html.count("core/forms.js") == 1, path
