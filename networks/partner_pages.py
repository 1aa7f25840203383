"""The "partners only" view restriction of Wagtail pages, and everywhere it must hold.

A page is partner-only when it, or a page above it, carries a view restriction naming the
Partners group (PARTNERS_GROUP, made by networks' migration 0009: editors choose it in Wagtail's
privacy dialog as "Private, accessible to users in specific groups" → Partners). Membership of the
group opens nothing: the restriction means "whoever `partner_viewer` admits" (a contact with a
personal partner link, or staff whose role sees partner data, signed in with two-factor). A
Wagtail "signed-in users" restriction is read the same way, so a password alone never opens a
restricted page here; no page type offers it any more (networks.apps).

Everyone else gets what a stranger gets: the redirect to the partners' sign-in page. Partner-only
pages are left out of the admin's page chooser and explorer for staff who may not read them;
the public site search, menus, listings and sitemap list only pages with no restriction at all
(`Page.objects.public()`).
"""

from functools import cached_property
from types import SimpleNamespace

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy

from .partner_access import partner_staff, partner_viewer, private, reads_partner_pages

PARTNERS_GROUP = "Partners"
# Wagtail's privacy options without "login" (any signed-in user): set on Page by networks.apps.
PRIVATE_PAGE_OPTIONS = ["password", "groups"]


def partner_restrictions():
    """Page view restrictions that mean "partners only"."""
    return PageViewRestriction.objects.filter(
        Q(restriction_type=PageViewRestriction.LOGIN)
        | Q(restriction_type=PageViewRestriction.GROUPS, groups__name=PARTNERS_GROUP)
    ).distinct()


def is_partner_restriction(restriction) -> bool:
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type != PageViewRestriction.GROUPS:
        return False
    return any(group.name == PARTNERS_GROUP for group in restriction.groups.all())


def partner_only_filter() -> Q:
    """A filter matching every page under a partner-only restriction (none when there is none)."""
    paths = list(partner_restrictions().values_list("page__path", flat=True))
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def is_partner_only(page: Page) -> bool:
    return any(is_partner_restriction(r) for r in page.get_view_restrictions())


def restrict_to_partners(page: Page) -> PageViewRestriction:
    """Put the "partners only" restriction on `page` (replacing a "signed-in users" one); the
    same restriction when it has one already."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=PARTNERS_GROUP)
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    elif restriction.restriction_type != PageViewRestriction.GROUPS:
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.password = ""
        restriction.save()
    restriction.groups.add(group)  # moderated by the coordinators from now on (signal)
    return restriction


PARTNER_WORKFLOW = "Partner page approval"
PARTNER_TASK = "Approval by a coordinator"


def moderate_by_coordinators(page: Page) -> None:
    """Partner-only pages are approved by the coordinators, through a workflow of their own.
    The site's "Content approval" workflow would show the page's title to content approvers,
    who may not read it (and could then not open it to approve it)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from core import roles

    workflow, _ = Workflow.objects.get_or_create(name=PARTNER_WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=PARTNER_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=PARTNER_TASK)
    task.groups.add(Group.objects.get_or_create(name=roles.coordinator_group())[0])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def on_restriction_groups_changed(sender, instance, action, pk_set, **kwargs):
    """Wagtail's privacy dialog saves a restriction, then its groups: once Partners is among
    them, the page is moderated by the coordinators (`moderate_by_coordinators`)."""
    if action != "post_add" or not isinstance(instance, PageViewRestriction):
        return
    if instance.groups.filter(pk__in=pk_set or (), name=PARTNERS_GROUP).exists():
        moderate_by_coordinators(instance.page)


def stranger_answer(request):
    """What anyone not admitted gets, signed in or not: the redirect to the partners' sign-in
    page (Wagtail's own answer to a stranger), never cached."""
    from wagtail.wagtail_hooks import require_wagtail_login

    response = require_wagtail_login(next=request.get_full_path())
    add_never_cache_headers(response)
    return response


@hooks.register("before_serve_page", order=-10)
def serve_partner_pages_to_partners_only(page, request, serve_args, serve_kwargs):
    """Runs before Wagtail's own view-restriction check. A partner-only page is served here to
    whoever `partner_viewer` admits and answered as to a stranger for anyone else; other
    restrictions on the same page (a shared password) must still be passed. Pages without a
    partner restriction go on to Wagtail as usual."""
    restrictions = list(page.get_view_restrictions().prefetch_related("groups"))
    if not any(is_partner_restriction(r) for r in restrictions):
        return None
    viewer = partner_viewer(request)
    if viewer is None:
        return stranger_answer(request)
    if any(not is_partner_restriction(r) and not r.accept_request(request) for r in restrictions):
        return None  # Wagtail asks for the other restriction's password
    method = page.check_request_method(request, *serve_args, **serve_kwargs)
    if method is not None:
        return method
    request.partner = viewer
    return private(page.serve(request, *serve_args, **serve_kwargs))


class PartnerPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, except that partner-only pages are not explorable (the
    explorer, its search and the admin's page search list only explorable pages) by staff who
    may not read them."""

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if reads_partner_pages(user):
            return pages
        return pages.exclude(partner_only_filter())


# The site's page policy is registered once, by board (board.page_permissions.BoardAwarePagePolicy
# extends this one): Wagtail's registry keeps one policy per model, and a second registration
# would silently drop the first's rule.


def _hide_partner_pages(pages, request):
    if partner_staff(request) is not None:
        return pages
    return pages.exclude(partner_only_filter())


@hooks.register("construct_page_chooser_queryset")
def hide_partner_pages_from_chooser(pages, request):
    """Staff who may not read partner pages do not see their titles in the page chooser
    (browsing or searching)."""
    return _hide_partner_pages(pages, request)


@hooks.register("construct_explorer_page_queryset")
def hide_partner_pages_from_explorer(parent_page, pages, request):
    """Nor in the admin's page explorer, its search or the sidebar's page menu."""
    return _hide_partner_pages(pages, request)


def _page_ids(request, match) -> list[str]:
    """The page ids an admin URL opens, as given (strings or ints)."""
    ids = [match.kwargs[k] for k in ("page_id", "parent_page_id") if k in match.kwargs]
    if "wagtailadmin_api" in match.namespaces and "pk" in match.kwargs:
        ids.append(match.kwargs["pk"])
    if match.url_name == "wagtailadmin_choose_page_chosen_multiple":
        ids.extend(request.GET.getlist("id"))
    return [str(i) for i in ids if str(i).isdigit()]


def _is_page_bulk_action(match) -> bool:
    return match.url_name == "wagtail_bulk_action" and (
        match.kwargs.get("app_label"),
        match.kwargs.get("model_name"),
    ) == ("wagtailcore", "page")


def _explorable_ids(request, ids) -> set[str]:
    """Those of `ids` the user may explore under the site's one page policy (board's pages and
    partner pages included), so nothing here names board."""
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Page)
    found = policy.explorable_instances(request.user).filter(pk__in=ids)
    return {str(pk) for pk in found.values_list("pk", flat=True)}


def _narrow_page_bulk_action(request) -> None:
    """A page bulk action's confirmation prints the title of every page it names, those the
    user may not act on included. Naming a page the user may not explore answers 404, as for a
    missing page; "select all" (`id=all`) is narrowed to the pages of the listing they can see."""
    ids = request.GET.getlist("id")
    if "all" in ids:
        from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

        listing = SimpleNamespace(model=Page, request=request)  # Wagtail's own "all" query
        everything = PageBulkAction.get_all_objects_in_listing_query(
            listing, request.GET.get("childOf")
        )
        everything = [str(pk) for pk in everything]
        query = request.GET.copy()
        query.setlist("id", sorted(_explorable_ids(request, everything)) or ["0"])
        request.GET = query
        return
    ids = [i for i in ids if i.isdigit()]
    if ids and len(_explorable_ids(request, ids)) < Page.objects.filter(pk__in=ids).count():
        raise Http404


class PartnerPagesAdminMiddleware:
    """Every admin URL that names a page by id (the explorer below it, edit, preview, history,
    revisions, privacy, move, copy, add below…, the chooser's "browse below" and "chosen", the
    admin API's page detail) answers 404 for a partner-only page, as for a missing page, to staff
    who may not read it (networks.partner_access.partner_staff). A page bulk action (whose
    confirmation lists the pages' titles) answers 404 when it names any page the user may not
    explore. Other URLs are untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        if not request.path.startswith(self.admin_prefix):
            return None
        if _is_page_bulk_action(match):
            _narrow_page_bulk_action(request)
            return None
        ids = _page_ids(request, match)
        if not ids or partner_staff(request) is not None:
            return None
        if Page.objects.filter(pk__in=ids).filter(partner_only_filter()).exists():
            raise Http404
        return None
