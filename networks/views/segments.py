"""A segment's inspect page (its members, why each is in, who is left out and why) and the CSV
export of its members. Scoped like the contact list: a coordinator sees everyone, a district
lead the contacts of their districts, anyone else nothing (404)."""

from django.contrib.admin.utils import unquote
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views

from core.csv_export import csv_response
from core.roles import is_coordinator

from ..models import Segment
from ..permissions import can_use_directory, contacts_for_user, require_coordinator
from ..segment_members import (
    excluded_for,
    explain_excluded,
    explain_members,
    members_for,
    unmatched_outside,
)

PER_PAGE = 50


def visible_contacts(user):
    return (
        contacts_for_user(user)
        .filter(erased_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("districts")
        .order_by("last_name", "first_name", "email")
    )


class SegmentInspectView(snippet_views.InspectView):
    template_name = "networks/admin/segment_inspect.html"

    def dispatch(self, request, *args, **kwargs):
        # Not PermissionDenied: the page answers the same for "missing" and "not yours".
        if not can_use_directory(request.user):
            raise Http404("No segment found.")
        return super().dispatch(request, *args, **kwargs)

    def user_has_any_permission(self, permissions):
        return can_use_directory(self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(Segment, pk=unquote(str(self.pk)))

    def get_fields(self):
        return ["name", "description"]

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if is_coordinator(self.request.user):
            buttons.append(
                HeaderButton(
                    "Export members (CSV)",
                    reverse("networks_admin:segment_members_csv", args=[self.object.pk]),
                    icon_name="download",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = visible_contacts(self.request.user)
        members = Paginator(members_for(self.object, visible), PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        excluded = Paginator(excluded_for(self.object, visible), PER_PAGE).get_page(
            self.request.GET.get("excluded_page")
        )
        unmatched = unmatched_outside(self.object, visible)
        context.update(
            unmatched_count=unmatched.count() if unmatched is not None else 0,
            # The matching screen is the coordinator's; a district lead is told who to ask.
            unmatched_url=reverse("networks_admin:unmatched_organisations")
            if is_coordinator(self.request.user)
            else "",
            members=members,
            member_rows=explain_members(self.object, list(members)),
            excluded=excluded,
            excluded_rows=explain_excluded(self.object, list(excluded)),
            scoped=not is_coordinator(self.request.user),
            contacts_url=reverse("wagtailsnippets_networks_contact:list")
            + f"?segment={self.object.pk}",
        )
        return context


def _organisation(contact):
    return contact.organisation.name if contact.organisation_id else contact.organisation_name


def _rows(segment, contacts):
    yield ["First name", "Last name", "Email", "Organisation", "Districts", "Why in", "Emails"]
    chunk = []
    for contact in contacts.iterator(chunk_size=500):
        chunk.append(contact)
        if len(chunk) == 500:
            yield from _explained(segment, chunk)
            chunk = []
    yield from _explained(segment, chunk)


def _explained(segment, chunk):
    for row in explain_members(segment, chunk):
        c = row["contact"]
        yield [
            c.first_name,
            c.last_name,
            c.email,
            _organisation(c),
            ", ".join(d.name for d in c.districts.all()),
            " | ".join(row["why"]),
            row["mail"],
        ]


def members_csv(request, pk):
    """The segment's members as CSV (cells escaped against formulas). Coordinators only, like the
    contact list's export; logged on the segment."""
    require_coordinator(request.user)
    segment = get_object_or_404(Segment, pk=pk)
    members = members_for(segment, visible_contacts(request.user))
    log(
        segment,
        "networks.segment.members_exported",
        user=request.user,
        data={"count": members.count()},
    )
    return csv_response(f"segment-{segment.pk}-members.csv", _rows(segment, members))
