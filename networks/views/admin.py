"""The directory's own admin pages: import, duplicates and merge, membership review, subject
access and erasure, and the live segment count. Coordinators only (404 for anyone else, so the
pages' existence is not revealed)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions
from ..actions.imports import IMPORT_FIELDS
from ..admin_forms import PrivacyRequestForm, SegmentForm
from ..models import ContactImport, PrivacyRequest, Segment
from ..permissions import get_contact_for_user, require_coordinator
from ..reports import find_duplicate_pairs, membership_review
from ..segments import audience_counts, members_of
from .imports import ColumnMappingForm, errors_report, mapping_page, upload_page


def _contacts_url():
    return reverse("wagtailsnippets_networks_contact:list")


def _edit_url(contact):
    return reverse("wagtailsnippets_networks_contact:edit", args=[contact.pk])


# --- Import --------------------------------------------------------------------------------


class MappingForm(ColumnMappingForm):
    import_fields = IMPORT_FIELDS

    mode = forms.ChoiceField(
        label="Contacts already in the directory (same email)",
        choices=ContactImport.Mode.choices,
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_coordinator(request.user)
    return upload_page(
        request,
        start=actions.start_contact_import,
        job_model=ContactImport,
        template="networks/admin/import_upload.html",
        map_url_name="networks_admin:import_map",
    )


@require_http_methods(["GET", "POST"])
def import_map(request, pk):
    require_coordinator(request.user)
    return mapping_page(
        request,
        get_object_or_404(ContactImport, pk=pk),
        form_class=MappingForm,
        run=actions.import_contacts,
        template="networks/admin/import_map.html",
        errors_url_name="networks_admin:import_errors",
    )


def import_errors(request, pk):
    """The error report: one line per problem, (row, column, message)."""
    require_coordinator(request.user)
    return errors_report(get_object_or_404(ContactImport, pk=pk), "import")


# --- Duplicates and merge ------------------------------------------------------------------


def duplicates(request):
    require_coordinator(request.user)
    return render(request, "networks/admin/duplicates.html", {"pairs": find_duplicate_pairs()})


@require_http_methods(["GET", "POST"])
def merge(request, a, b):
    require_coordinator(request.user)
    first = get_contact_for_user(request.user, a)
    second = get_contact_for_user(request.user, b)
    if first.pk == second.pk:
        return redirect("networks_admin:duplicates")
    if request.method == "POST":
        keep_pk = request.POST.get("keep")
        if keep_pk in (str(first.pk), str(second.pk)):
            keep, other = (first, second) if keep_pk == str(first.pk) else (second, first)
            actions.merge_contacts(keep, other, request.user)
            messages.success(request, f"Merged into {keep}.")
            return redirect(_edit_url(keep))
        messages.error(request, "Choose which contact to keep.")
    return render(
        request,
        "networks/admin/merge.html",
        {"contacts": [first, second]},
    )


# --- Membership review ---------------------------------------------------------------------


def review(request):
    require_coordinator(request.user)
    return render(request, "networks/admin/review.html", membership_review())


# --- Subject access and erasure ------------------------------------------------------------


def subject_access(request, pk):
    require_coordinator(request.user)
    contact = get_contact_for_user(request.user, pk)
    data = actions.export_subject_access(contact, request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request, pk):
    require_coordinator(request.user)
    contact = get_contact_for_user(request.user, pk)
    if request.method == "POST":
        actions.erase_contact(contact, request.user)
        messages.success(request, f"Contact #{contact.pk} erased.")
        return redirect(_contacts_url())
    open_requests = contact.privacy_requests.filter(met_at__isnull=True)
    return render(
        request,
        "networks/admin/erase.html",
        {
            "contact": contact,
            "open_access": open_requests.filter(kind=PrivacyRequest.Kind.ACCESS).first(),
            "open_erasure": open_requests.filter(kind=PrivacyRequest.Kind.ERASURE).first(),
        },
    )


@require_http_methods(["GET", "POST"])
def privacy_requests(request, pk):
    """The contact's subject-access and erasure requests, and the form to record one with the
    date it arrived (`actions.record_privacy_request`)."""
    require_coordinator(request.user)
    contact = get_contact_for_user(request.user, pk)
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = actions.record_privacy_request(
                contact, form.cleaned_data["kind"], form.cleaned_data["received_on"], request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"{recorded.get_kind_display()} request recorded as received on "
                f"{recorded.received_on:%-d %B %Y}; it is due by {recorded.due_on:%-d %B %Y}.",
            )
            return redirect("networks_admin:privacy_requests", contact.pk)
    return render(
        request,
        "networks/admin/privacy_requests.html",
        {
            "contact": contact,
            "form": form,
            "requests": contact.privacy_requests.all(),
            "today": timezone.localdate(),
            "edit_url": _edit_url(contact),
        },
    )


# --- Live segment count --------------------------------------------------------------------


class SegmentPreviewForm(SegmentForm):
    class Meta:
        model = Segment
        fields = []


@require_POST
def segment_count(request):
    """The counts of the segment being edited, from the unsaved form's fields (JSON)."""
    require_coordinator(request.user)
    form = SegmentPreviewForm(request.POST)
    form.full_clean()
    include = form.cleaned_data.get("include_emails") or []
    exclude = form.cleaned_data.get("exclude_emails") or []
    counts = audience_counts(members_of(form.rules(), include, exclude))
    counts["errors"] = sorted(form.errors)
    return JsonResponse(counts)
