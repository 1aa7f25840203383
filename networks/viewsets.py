"""Wagtail admin viewsets of the directory and the Directory menu that groups them (registered in
wagtail_hooks)."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

# Every directory viewset's chooser (choose/, results/, chosen/) obeys its permission policy.
from core.admin_hooks import MenuItemFor
from core.choosers import PolicyScopedSnippetViewSet as SnippetViewSet
from core.csv_export import FormulaSafeExportMixin
from core.roles import is_coordinator

from .actions.requests import request_district_addition
from .actions.subscriptions import suppress_address, unsuppress_address
from .admin_forms import LEAD_SAVED, RULE_FIELDS, ContactAdminForm, SegmentForm
from .models import (
    Contact,
    DirectoryScope,
    District,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationAlias,
    Role,
    Sector,
    Segment,
    Subscription,
    Suppression,
    Topic,
)
from .permissions import (
    can_use_directory,
    contacts_for_user,
    get_contact_for_user,
    scoped_district_ids,
)
from .segments import segment_q
from .views.segments import SegmentInspectView


class DirectoryViewSet(SnippetViewSet):
    """What every directory viewset shares: its chooser obeys the permission policy (from
    PolicyScopedSnippetViewSet), it is a coordinator's tool unless it says otherwise, nothing is
    copied, and search runs in the database (the directory is not in the search index)."""

    #: Who is offered this viewset in the Directory menu (the permission policy still decides
    #: what each of its views lets them do).
    shown_to = staticmethod(is_coordinator)
    copy_view_enabled = False
    search_backend_name = None

    @cached_property
    def menu_item_class(self):
        return MenuItemFor.only_for(self.shown_to)


class DirectoryLink(ViewSet):
    """A Directory menu entry for one of the directory's own admin pages (networks/admin_urls):
    no views of its own, only a place in the menu."""

    def __init__(self, label, url_name, icon, shown_to=is_coordinator):
        super().__init__(name=url_name.replace(":", "_"))
        self.menu_label, self.url_name, self.menu_icon = label, url_name, icon
        self.menu_item_class = MenuItemFor.only_for(shown_to)

    @property
    def menu_url(self):
        # Read when the admin menu is first built, after the URLconf is loaded.
        return reverse(self.url_name)


class ContactFilterSet(WagtailFilterSet):
    """Each filter is an `id IN (subquery)`: no joins that would repeat a contact."""

    district = django_filters.ModelMultipleChoiceFilter(
        queryset=District.objects.all(), method="filter_district", label="District"
    )
    sector = django_filters.MultipleChoiceFilter(
        choices=Sector.choices, field_name="organisation__sector", label="Sector"
    )
    role = django_filters.ModelMultipleChoiceFilter(
        queryset=Role.objects.all(), method="filter_role", label="Role"
    )
    network = django_filters.ModelMultipleChoiceFilter(
        queryset=Network.objects.all(), method="filter_network", label="Network"
    )
    topic = django_filters.ChoiceFilter(
        choices=Topic.choices, method="filter_topic", label="Subscribed to"
    )
    tag = django_filters.CharFilter(method="filter_tag", label="Tag")
    segment = django_filters.ModelChoiceFilter(
        queryset=Segment.objects.all(), method="filter_segment", label="In segment"
    )
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = Contact
        fields = []

    def filter_district(self, queryset, name, value):
        if not value:
            return queryset
        through = Contact.districts.through.objects.filter(district__in=value)
        return queryset.filter(id__in=through.values("contact_id"))

    def filter_role(self, queryset, name, value):
        if not value:
            return queryset
        through = Contact.roles.through.objects.filter(role__in=value)
        return queryset.filter(id__in=through.values("contact_id"))

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = NetworkMembership.objects.filter(network__in=value)
        return queryset.filter(id__in=members.values("contact_id"))

    def filter_topic(self, queryset, name, value):
        subscribed = Subscription.objects.filter(topic=value, status=Subscription.Status.SUBSCRIBED)
        return queryset.filter(id__in=subscribed.values("contact_id"))

    def filter_tag(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(id__in=Contact.objects.filter(tags__name__iexact=value).values("id"))

    def filter_segment(self, queryset, name, value):
        # The segment's own resolution (rules and manual rows), so the list and a send agree.
        return queryset.filter(segment_q(value)) if value else queryset


class ScopedContactMixin:
    """Every single-contact admin view goes through get_contact_for_user: a contact outside a
    district lead's districts is a 404, exactly like a missing one."""

    def get_object(self, queryset=None):
        pk = self.kwargs.get("pk")
        contact = get_contact_for_user(self.request.user, unquote(str(pk)))
        # Wagtail's edit view reads the "live" object too (contacts have no drafts).
        self.live_object = contact
        return contact


def _districts(contact):
    return ", ".join(d.name for d in contact.districts.all())


def _topics(contact):
    return ", ".join(
        s.topic for s in contact.subscriptions.all() if s.status == Subscription.Status.SUBSCRIBED
    )


EXPORT_COLUMNS = [
    ("first_name", "First name", lambda c: c.first_name),
    ("last_name", "Last name", lambda c: c.last_name),
    ("email", "Email", lambda c: c.email),
    ("phone", "Phone", lambda c: c.phone),
    (
        "organisation",
        "Organisation",
        lambda c: c.organisation.name if c.organisation_id else c.organisation_name,
    ),
    ("districts", "Districts", _districts),
    ("roles", "Roles", lambda c: ", ".join(r.name for r in c.roles.all())),
    ("tags", "Tags", lambda c: ", ".join(sorted(t.name for t in c.tags.all()))),
    ("topics", "Topics", _topics),
    ("is_active", "Active", lambda c: "yes" if c.is_active else "no"),
]


class ContactIndexView(FormulaSafeExportMixin, snippet_views.IndexView):
    # Rows come in last-name order, and the Name column says so with its sort arrow.
    default_ordering = "last_name"

    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns[0].sort_key = "last_name"
        return columns

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if self.ordering in ("last_name", "-last_name"):
            sign = "-" if self.ordering.startswith("-") else ""
            queryset = queryset.order_by(self.ordering, f"{sign}first_name", f"{sign}email")
        return queryset

    def get_base_queryset(self):
        # A fixed number of queries whatever the page size: one for the page, one per prefetch.
        return (
            contacts_for_user(self.request.user)
            .filter(erased_at__isnull=True)
            .select_related("organisation")
            .prefetch_related("districts", "tags", "roles", "subscriptions")
        )

    @cached_property
    def show_export_buttons(self):
        return is_coordinator(self.request.user)

    def get(self, request, *args, **kwargs):
        if self.is_export and not is_coordinator(request.user):
            raise Http404
        return super().get(request, *args, **kwargs)

    def to_row_dict(self, item):
        return {key: accessor(item) for key, _, accessor in EXPORT_COLUMNS}

    def get_heading(self, queryset, field):
        return {key: label for key, label, _ in EXPORT_COLUMNS}[field]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Logged against the user who exported: the export is about many contacts at once.
        log(
            self.request.user,
            "networks.contacts.exported",
            user=self.request.user,
            data={"format": spreadsheet_format, "count": queryset.count()},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if is_coordinator(self.request.user):
            buttons.append(
                HeaderButton("Import CSV", reverse("networks_admin:import"), icon_name="upload")
            )
            buttons.append(
                HeaderButton(
                    "Find duplicates", reverse("networks_admin:duplicates"), icon_name="group"
                )
            )
        return buttons


def _file_district_request(request, form):
    """A lead's address was held elsewhere: ask the coordinator (see admin_forms.clean_email)."""
    if getattr(form, "held_elsewhere", False):
        request_district_addition(
            request.user,
            form.requested_email,
            [d.pk for d in form.cleaned_data.get("districts") or []],
            form.cleaned_data.get("first_name", ""),
            form.cleaned_data.get("last_name", ""),
        )


class ContactCreateView(snippet_views.CreateView):
    """A district lead gets one answer whether the address was new (the contact is created) or
    held outside their districts (a request goes to the coordinator): the same message and the
    same redirect, so the add form cannot be used to find out who is in the directory."""

    def form_valid(self, form):
        if scoped_district_ids(self.request.user) is None:
            return super().form_valid(form)
        self.form = form
        if form.held_elsewhere:
            _file_district_request(self.request, form)
        else:
            with transaction.atomic():
                self.object = self.save_instance()
        messages.success(self.request, LEAD_SAVED)
        return redirect(self.get_success_url())


class ContactEditView(ScopedContactMixin, snippet_views.EditView):
    def form_valid(self, form):
        response = super().form_valid(form)
        _file_district_request(self.request, form)
        return response

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if is_coordinator(self.request.user):
            pk = self.object.pk
            buttons += [
                HeaderButton(
                    "Data protection requests",
                    reverse("networks_admin:privacy_requests", args=[pk]),
                    icon_name="clipboard-list",
                ),
                HeaderButton(
                    "Export everything held (JSON)",
                    reverse("networks_admin:subject_access", args=[pk]),
                    icon_name="download",
                ),
                HeaderButton(
                    "Erase this contact",
                    reverse("networks_admin:erase", args=[pk]),
                    icon_name="bin",
                ),
            ]
        return buttons


class ContactInspectView(ScopedContactMixin, snippet_views.InspectView):
    template_name = "networks/admin/contact_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = self.object.subscriptions.order_by("topic")
        context["consent_events"] = self.object.consent_events.all()[:200]
        context["memberships"] = self.object.memberships.select_related("network")
        # Apps above the directory add what they hold about the person (learning: training):
        # the `networks_contact_sections` hook, fn(contact, request) -> HTML or "".
        context["app_sections"] = [
            html
            for fn in hooks.get_hooks("networks_contact_sections")
            if (html := fn(self.object, self.request))
        ]
        return context


class ContactHistoryView(ScopedContactMixin, snippet_views.HistoryView):
    pass


class ContactUsageView(ScopedContactMixin, snippet_views.UsageView):
    pass


class ContactDeleteView(ScopedContactMixin, snippet_views.DeleteView):
    pass


class ContactCopyView(ScopedContactMixin, snippet_views.CopyView):
    pass


class ContactViewSet(DirectoryViewSet):
    model = Contact
    icon = "user"
    menu_label = "Contacts"
    # District leads work on their districts' contacts too.
    shown_to = staticmethod(can_use_directory)
    index_view_class = ContactIndexView
    add_view_class = ContactCreateView
    edit_view_class = ContactEditView
    inspect_view_class = ContactInspectView
    history_view_class = ContactHistoryView
    usage_view_class = ContactUsageView
    delete_view_class = ContactDeleteView
    copy_view_class = ContactCopyView
    inspect_view_enabled = True
    filterset_class = ContactFilterSet
    search_fields = ["first_name", "last_name", "email", "organisation__name", "organisation_name"]
    list_per_page = 50
    list_export = [key for key, _, _ in EXPORT_COLUMNS]
    export_filename = "contacts"
    list_display = [
        "__str__",
        "email",
        Column("organisation", label="Organisation", accessor=lambda c: c.organisation or ""),
        Column("districts", label="Districts", accessor=_districts),
        Column("topics", label="Subscribed to", accessor=_topics),
        Column("is_active", label="Active", accessor=lambda c: "yes" if c.is_active else "no"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            MultiFieldPanel(
                [FieldPanel("organisation"), FieldPanel("organisation_name")],
                heading="Organisation",
            ),
            FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
            FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
            FieldPanel("topics"),
            FieldPanel("tags"),
            FieldPanel("notes"),
            FieldPanel("is_active"),
        ],
        base_form_class=ContactAdminForm,
    )


class OrganisationViewSet(DirectoryViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "sector", "is_specified_authority", "is_partner"]
    list_filter = ["sector", "is_specified_authority", "is_partner"]
    search_fields = ["name"]


class OrganisationAliasViewSet(DirectoryViewSet):
    model = OrganisationAlias
    icon = "site"
    menu_label = "Organisation aliases"
    list_display = ["name", "organisation"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("organisation")]


class NetworkViewSet(DirectoryViewSet):
    model = Network
    icon = "group"
    menu_label = "Networks"
    list_display = ["name", "district", "is_public", "is_partner"]
    list_filter = ["is_partner"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("district"),
        FieldPanel("description"),
        FieldPanel("is_public"),
        FieldPanel("is_partner"),
    ]


class NetworkMembershipViewSet(DirectoryViewSet):
    model = NetworkMembership
    icon = "group"
    menu_label = "Network memberships"
    list_display = ["__str__", "role", "start_date", "end_date"]
    list_filter = ["network"]

    def get_queryset(self, request):
        return NetworkMembership.objects.select_related("network", "contact")


def _segment_count_panel():
    return HelpPanel(
        content=(
            '<div class="help-block help-info" data-segment-count '
            'data-url="/admin/directory/segments/count/" aria-live="polite">'
            "<p>Members: <strong data-segment-members>…</strong></p>"
            "<p data-segment-topics>Change a rule to see how many it reaches.</p></div>"
        ),
        heading="Who this segment reaches now",
    )


class SegmentViewSet(DirectoryViewSet):
    model = Segment
    icon = "list-ul"
    menu_label = "Segments"
    inspect_view_enabled = True
    inspect_view_class = SegmentInspectView
    list_display = ["name", "description", "updated_at"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            _segment_count_panel(),
            MultiFieldPanel(
                [FieldPanel(name) for name in RULE_FIELDS],
                heading="Include contacts who match (any value within a field, every field)",
            ),
            MultiFieldPanel(
                [FieldPanel(f"exclude_{name}") for name in RULE_FIELDS],
                heading="Leave out contacts who match any of",
            ),
            MultiFieldPanel(
                [FieldPanel("include_emails"), FieldPanel("exclude_emails")],
                heading="Manual rows (beat the rules)",
            ),
        ],
        base_form_class=SegmentForm,
    )


class SuppressionCreateView(snippet_views.CreateView):
    """Adding an address by hand goes through the same action as a bounce or a complaint."""

    def save_instance(self):
        data = self.form.cleaned_data
        self.new_revision = None
        return suppress_address(
            data["email"], data["reason"], data.get("detail", ""), user=self.request.user
        )


class SuppressionDeleteView(snippet_views.DeleteView):
    """Removing an address lets mail go to it again: logged by the action, like adding it."""

    def delete_action(self):
        unsuppress_address(self.object, user=self.request.user)


class SuppressionViewSet(DirectoryViewSet):
    """The suppression list: addresses are added and removed (each through its action, with a log
    entry), never edited; the permission policy gives nobody "change"."""

    model = Suppression
    icon = "cross"
    menu_label = "Suppression list"
    add_view_class = SuppressionCreateView
    delete_view_class = SuppressionDeleteView
    inspect_view_enabled = True
    list_display = ["email", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    panels = [FieldPanel("email"), FieldPanel("reason"), FieldPanel("detail")]


class DirectoryScopeViewSet(DirectoryViewSet):
    model = DirectoryScope
    icon = "key"
    menu_label = "District leads"
    list_display = [
        "user",
        Column("districts", accessor=lambda s: ", ".join(d.name for d in s.districts.all())),
    ]
    panels = [FieldPanel("user"), FieldPanel("districts")]


class DistrictViewSet(DirectoryViewSet):
    model = District
    icon = "globe"
    menu_label = "Districts"
    list_display = ["name", "is_county_wide", "sort_order"]


class RoleViewSet(DirectoryViewSet):
    model = Role
    icon = "tag"
    menu_label = "Roles"
    list_display = ["name", "slug"]


class DirectoryMenu(SnippetViewSetGroup):
    """The Directory menu: every item is shown only to those its `shown_to` accepts, so a
    district lead sees Contacts alone and anyone outside the directory no menu at all."""

    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 250
    items = (
        ContactViewSet,
        OrganisationViewSet,
        DirectoryLink("Unmatched organisations", "networks_admin:unmatched_organisations", "site"),
        OrganisationAliasViewSet,
        NetworkViewSet,
        NetworkMembershipViewSet,
        SegmentViewSet,
        DirectoryLink("Import CSV", "networks_admin:import", "upload"),
        DirectoryLink("Duplicates", "networks_admin:duplicates", "group"),
        DirectoryLink("Membership review", "networks_admin:review", "table"),
        SuppressionViewSet,
        DirectoryScopeViewSet,
        DistrictViewSet,
        RoleViewSet,
    )
